import type { Metadata } from 'next';
import { DisplaysAdmin } from '@/components/admin/displays-admin';

export const metadata: Metadata = { title: 'TV links' };

export default function Page() {
  return <DisplaysAdmin />;
}
