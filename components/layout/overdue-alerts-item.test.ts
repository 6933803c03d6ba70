import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it, vi } from 'vitest';
import { OverdueAlertsItem } from './overdue-alerts-item';

// The server action is a network call in the browser; rendering never calls it.
vi.mock('@/app/(app)/account/actions', () => ({ updateMyAlertsAction: vi.fn() }));

const render = (initial: boolean, mailReady: boolean) =>
  renderToStaticMarkup(createElement(QueryClientProvider, { client: new QueryClient() }, createElement(OverdueAlertsItem, { initial, mailReady })));

describe('the account menu item "E-mail me when a truck is overdue"', () => {
  it('shows the saved state as a menu item checkbox', () => {
    expect(render(true, true)).toMatch(/role="menuitemcheckbox" aria-checked="true"/);
    expect(render(false, true)).toMatch(/role="menuitemcheckbox" aria-checked="false"/);
    expect(render(false, true)).not.toContain('aria-disabled');
    expect(render(false, true)).not.toContain('not set up');
  });

  it('is shown disabled, saying so, when e-mail is not set up', () => {
    const html = render(true, false);
    expect(html).toMatch(/aria-checked="true" aria-disabled="true"/);
    expect(html.replace(/<[^>]+>/g, '')).toBe('✓E-mail me when a truck is overdue (e-mail is not set up)');
  });
});
