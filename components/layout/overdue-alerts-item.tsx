'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { updateMyAlertsAction } from '@/app/(app)/account/actions';
import { useToast } from '@/components/ui/toasts';
import { callAction } from '@/lib/api-client';

export const OVERDUE_ALERTS_LABEL = 'E-mail me when a truck is overdue';

/**
 * The account menu's "E-mail me when a truck is overdue" (SPEC §9: staff subscribe
 * themselves). `initial` is the user's setting as the server layout read it;
 * `mailReady` says whether SMTP is set up (without it nothing is sent, so the item is shown but not offered).
 */
export function OverdueAlertsItem({ initial, mailReady }: { initial: boolean; mailReady: boolean }) {
  const [saved, setSaved] = useState(initial);
  const toast = useToast();
  const qc = useQueryClient();
  const save = useMutation({
    mutationFn: (on: boolean) => callAction((key) => updateMyAlertsAction({ overdue_alerts: on }, key)),
    onSuccess: (user) => {
      setSaved(user.overdue_alerts);
      // The users screen shows the same setting.
      void qc.invalidateQueries({ queryKey: ['users'] });
    },
    onError: (error: Error) => toast(`Your e-mail setting was not saved: ${error.message}`, 'error'),
  });
  // Shows the choice at once; a refusal falls back to the saved state.
  const checked = save.isPending ? save.variables : saved;
  const disabled = !mailReady;

  return (
    <button
      type="button"
      role="menuitemcheckbox"
      aria-checked={checked}
      aria-disabled={disabled || undefined}
      onClick={() => {
        if (!disabled && !save.isPending) save.mutate(!checked);
      }}
      className={`flex w-full items-start gap-2 rounded-md px-3 py-2 text-left text-sm focus:outline-none ${
        disabled ? 'cursor-not-allowed text-slate-600' : 'hover:bg-slate-100 focus:bg-slate-100'
      }`}
    >
      <span
        aria-hidden
        className={`mt-0.5 flex h-4 w-4 shrink-0 items-center justify-center rounded border text-[10px] font-bold ${
          checked ? 'border-blue-700 bg-blue-700 text-white' : 'border-slate-400 bg-white'
        } ${disabled ? 'opacity-60' : ''}`}
      >
        {checked ? '✓' : null}
      </span>
      <span>
        {OVERDUE_ALERTS_LABEL}
        {disabled ? <span className="block text-xs text-slate-600"> (e-mail is not set up)</span> : null}
      </span>
    </button>
  );
}
