import type { Metadata } from 'next';
import { LoadTypesAdmin } from '@/components/admin/load-types-admin';

export const metadata: Metadata = { title: 'Load types' };

export default function Page() {
  return <LoadTypesAdmin />;
}
