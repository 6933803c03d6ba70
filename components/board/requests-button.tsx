'use client';

/** The toolbar's way to the Requests list: how many bookings wait for approval, live. */
export function RequestsButton({ count, onOpen }: { count: number; onOpen: () => void }) {
  return (
    <button
      type="button"
      onClick={onOpen}
      data-testid="requests-button"
      className="inline-flex items-center gap-1.5 rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-800 shadow-sm hover:bg-slate-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-600/40"
    >
      Requests
      <span
        data-testid="requests-count"
        className={`min-w-5 rounded-full px-1.5 text-center text-xs font-semibold tabular-nums ${count > 0 ? 'bg-purple-700 text-white' : 'bg-slate-100 text-slate-700'}`}
      >
        {count}
      </span>
      <span className="sr-only">waiting for approval</span>
    </button>
  );
}
