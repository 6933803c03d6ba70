import type { Metadata } from 'next';
import { CarriersAdmin } from '@/components/admin/carriers-admin';

export const metadata: Metadata = { title: 'Carriers' };

export default function Page() {
  return <CarriersAdmin />;
}
