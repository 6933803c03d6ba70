import path from 'node:path';
import { boardAs, centre, drag } from '../support/board';
import { ACCOUNTS, Api, baseUrl, expect, signedInContext, test, unique } from '../support/fixtures';
import { startE2eSmtpSink } from '../support/smtp';

// SPEC §9 end to end: a carrier books in the portal, an operator sees the hatched request arrive live and approves it,
// the carrier's page says so within a second, and when the operator drags the booking to another time the carrier is e-mailed.

const SHOTS = path.resolve('test-results', 'screenshots');
const PASSWORD = 'flow-carrier-4821';

test('book in the portal → approve on the board → approved in the portal within 1 s → drag → the carrier gets an e-mail', async ({ browser, request }) => {
  const mail = await startE2eSmtpSink();
  try {
    const admin = await Api.once(request, ACCOUNTS.admin);
    const tag = unique('FLOW').toUpperCase();
    const code = `F${Date.now().toString(36).toUpperCase().slice(-6)}`;
    // A door of its own, first on the board, with no working hours (open around the clock), and a 60-minute type.
    await admin.ok('POST', '/api/ramps', { code, description: 'Flow door', kind: 'BOTH', sort_order: -900_000 });
    await admin.ok('POST', '/api/load-types', { name: `Flow pallets ${tag}`, duration_minutes: 60, ramp_kinds: ['BOTH'] });
    const contact = `dispatch.${tag.toLowerCase()}@flow-haulage.example`;
    const carrier = await admin.ok('POST', '/api/carriers', { name: `Flow Haulage ${tag}`, contact_email: contact });
    const email = `planner.${tag.toLowerCase()}@flow-haulage.example`;
    await admin.ok('POST', '/api/users', { email, full_name: 'Flow Planner', password: PASSWORD, role: 'CARRIER', carrier_id: carrier.id });

    // The operator's board is open before the request exists.
    const board = await boardAs(browser, ACCOUNTS.operator1);
    const count = board.getByTestId('requests-count');
    const before = Number(await count.textContent());

    // The carrier books 10:00 tomorrow at that door, in the portal.
    const portal = await (await signedInContext(browser, { email, password: PASSWORD })).newPage();
    await portal.goto(`${baseUrl()}/book`);
    await expect(portal.getByRole('heading', { name: 'Book a slot' })).toBeVisible();
    await portal.getByLabel('Inbound delivery').check();
    await portal.getByLabel('Load type').selectOption({ label: `Flow pallets ${tag} (60 min)` });
    await portal.getByLabel('Door', { exact: true }).selectOption({ label: `Door ${code} · Flow door` });
    await portal
      .getByRole('list', { name: `Start times at door ${code}` })
      .getByRole('button', { name: '10:00', exact: true })
      .click();
    const reference = `${tag}-PO`;
    await portal.getByLabel('Reference (order or delivery number)').fill(reference);
    await portal.getByLabel('Truck plate').fill('FL-42-OW');
    await portal.getByRole('button', { name: 'Request booking' }).click();
    const mine = portal.getByTestId('my-booking').filter({ hasText: reference });
    await expect(mine.getByTestId('booking-state')).toHaveText('Requested');

    // The operator sees it arrive live: the count, the list, and a hatched block on tomorrow's board.
    await expect(count).toHaveText(String(before + 1));
    await board.getByRole('button', { name: /^Requests/ }).click();
    const panel = board.getByRole('dialog', { name: 'Requests waiting for approval' });
    const row = panel.getByTestId(`request-${reference}`);
    await expect(row).toContainText(`Flow Haulage ${tag}`);
    await row.getByRole('link', { name: reference }).click();
    const block = board.getByTestId(`block-${reference}`);
    await expect(block).toHaveAttribute('data-requested', 'true');
    await expect(block).toHaveAccessibleName(new RegExp(`${reference}.*Requested`));

    // Approve in the block's dialog: the carrier's open page says Approved within a second.
    await block.click();
    const dialog = board.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Approve' }).click();
    await expect(board.getByText(`Approved ${reference} (${code} 10:00)`)).toBeVisible();
    await expect(mine.getByTestId('booking-state')).toHaveText('Approved', { timeout: 1_000 });
    await expect(block).not.toHaveAttribute('data-requested', 'true');
    const approved = await mail.waitFor((m) => m.to.includes(contact) && m.subject.startsWith(`Booking approved: ${reference} `), 15_000);
    expect(approved.subject).toContain(`10:00–11:00, door ${code}`);
    await portal.screenshot({ path: path.join(SHOTS, 'book-5-approved.png'), fullPage: true });

    // The operator drags the approved booking one hour later (its own width: 60 minutes).
    await board.getByLabel('Search load reference').fill(reference);
    const from = await centre(board, `block-${reference}`);
    const width = (await block.boundingBox())!.width;
    await drag(board, from, { x: from.x + width, y: from.y });
    const bookingId = Number(await block.getAttribute('data-block-id'));
    await expect.poll(async () => new Date((await admin.ok<{ eta_in: string }>('GET', `/api/assignments/${bookingId}`)).eta_in).getUTCHours()).toBe(11);
    await expect(mine).toContainText('11:00–12:00');

    // …and the carrier is told by e-mail, once, with the old and the new time.
    const changed = await mail.waitFor((m) => m.to.includes(contact) && m.subject.startsWith(`Booking changed: ${reference} `), 15_000);
    expect(changed.subject).toBe(`Booking changed: ${reference} was ${code} 10:00, now ${code} 11:00`);
    expect(changed.text).toContain(reference);
    expect(changed.html).toContain(reference);
    expect(mail.messages.filter((m) => m.to.includes(contact) && m.subject.startsWith(`Booking changed: ${reference} `))).toHaveLength(1);
  } finally {
    await mail.close();
  }
});
