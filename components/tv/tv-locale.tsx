'use client';

import { createContext, type ReactNode } from 'react';
import { DEFAULT_LOCALE } from '@/lib/zoned-time';

/** SITE_LOCALE on the TV, for its clock and rows' times (the TV has no site context: no user). */
export const TvLocale = createContext(DEFAULT_LOCALE);

/** Hands the page's SITE_LOCALE to the TV's client components. */
export function TvLocaleProvider({ locale, children }: { locale: string; children: ReactNode }) {
  return <TvLocale value={locale}>{children}</TvLocale>;
}
