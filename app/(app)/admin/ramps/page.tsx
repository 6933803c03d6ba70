import type { Metadata } from 'next';
import { RampsAdmin } from '@/components/admin/ramps-admin';

export const metadata: Metadata = { title: 'Ramps' };

export default function Page() {
  return <RampsAdmin />;
}
