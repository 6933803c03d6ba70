import type { Browser, Page } from '@playwright/test';
import { baseUrl, expect, signedInContext } from './fixtures';

/** A signed-in board, open and live. */
export async function boardAs(browser: Browser, account: { email: string; password: string }): Promise<Page> {
  const page = await (await signedInContext(browser, account)).newPage();
  await page.goto(`${baseUrl()}/board`);
  await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'live');
  return page;
}

/** Drags with the mouse in small steps, as a person does. */
export async function drag(page: Page, from: { x: number; y: number }, to: { x: number; y: number }) {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(from.x + 8, from.y + 4, { steps: 2 });
  await page.mouse.move(to.x, to.y, { steps: 12 });
  await page.mouse.up();
}

/**
 * The centre of an element, scrolled into view first, once it has stopped
 * moving: the board scrolls smoothly to a search's first match, and a point
 * read mid-scroll would aim at another row.
 */
export async function centre(page: Page, testId: string) {
  const el = page.getByTestId(testId);
  await el.scrollIntoViewIfNeeded();
  let box = (await el.boundingBox())!;
  await expect
    .poll(async () => {
      const [before, now] = [box, (await el.boundingBox())!];
      box = now;
      return before.x === now.x && before.y === now.y;
    })
    .toBe(true);
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}
