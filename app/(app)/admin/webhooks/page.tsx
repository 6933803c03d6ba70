import type { Metadata } from 'next';
import { WebhooksAdmin } from '@/components/admin/webhooks-admin';

export const metadata: Metadata = { title: 'Webhooks' };

export default function Page() {
  return <WebhooksAdmin />;
}
