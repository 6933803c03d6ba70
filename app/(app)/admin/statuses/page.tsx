import type { Metadata } from 'next';
import { StatusesAdmin } from '@/components/admin/statuses-admin';

export const metadata: Metadata = { title: 'Statuses' };

export default function Page() {
  return <StatusesAdmin />;
}
