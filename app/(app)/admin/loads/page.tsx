import type { Metadata } from 'next';
import { LoadsAdmin } from '@/components/admin/loads-admin';

export const metadata: Metadata = { title: 'Loads' };

export default function Page() {
  return <LoadsAdmin />;
}
