'use client';

import { Button } from '@/components/ui/controls';

/** Opens the browser's print dialog; hidden on paper. */
export function PrintButton() {
  return (
    <Button tone="primary" onClick={() => window.print()} className="print:hidden" data-testid="print-button">
      Print
    </Button>
  );
}
