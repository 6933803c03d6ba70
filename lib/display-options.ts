// A display link's paging options, shared by the API schemas and the TV (zod-free, so the browser can import it).

/** A TV's page time: long enough to read a page from across the hall, short enough that every ramp comes round. */
export const PAGE_SECONDS = { min: 5, max: 120, default: 10 } as const;
