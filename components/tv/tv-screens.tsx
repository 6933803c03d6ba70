import type { ReactNode } from 'react';
import { UNIT_VAR, u } from '@/components/tv/tv-units';

/** The full-screen dark root of every TV state: the page's main landmark. */
export function TvShell({ children }: { children: ReactNode }) {
  return (
    <main
      data-testid="tv-board"
      className="fixed inset-0 flex cursor-none flex-col overflow-hidden bg-[#05080f] font-sans text-slate-100 antialiased select-none"
      style={{ ...UNIT_VAR, backgroundImage: 'radial-gradient(ellipse at top, rgba(30,58,138,0.18), transparent 60%)' }}
    >
      <style>{'@keyframes tv-page-fill { from { transform: scaleX(0) } to { transform: scaleX(1) } }'}</style>
      {children}
    </main>
  );
}

function Centered({ children }: { children: ReactNode }) {
  return (
    <div className="flex flex-1 flex-col items-center justify-center text-center" style={{ gap: u(1.6), padding: u(4) }}>
      {children}
    </div>
  );
}

/** Shown instead of any data once the link is revoked (or was never valid). */
export function TvRevoked() {
  return (
    <Centered>
      <div className="flex items-center justify-center rounded-full bg-red-500/10 ring-2 ring-red-500/40" style={{ width: u(9), height: u(9) }} aria-hidden>
        <svg
          viewBox="0 0 24 24"
          fill="none"
          stroke="currentColor"
          strokeWidth={1.8}
          className="text-red-400"
          style={{ width: u(4.6), height: u(4.6) }}
          aria-hidden="true"
        >
          <rect x="3" y="4" width="18" height="12" rx="1.5" />
          <path d="M8 20h8M12 16v4M4 4l16 12" strokeLinecap="round" />
        </svg>
      </div>
      <h1 data-testid="tv-revoked" className="font-semibold tracking-tight text-white" style={{ fontSize: u(3.4) }}>
        This display link has been revoked
      </h1>
      <p className="max-w-[70ch] text-slate-400" style={{ fontSize: u(1.5) }}>
        This screen no longer receives dock data. An administrator can create a new TV link under Admin&nbsp;›&nbsp;TV&nbsp;links.
      </p>
    </Centered>
  );
}

/** Before the first board arrives (the server could not read it when the page was rendered). */
export function TvConnecting() {
  return (
    <Centered>
      <div className="animate-spin rounded-full border-slate-700 border-t-sky-400" style={{ width: u(5), height: u(5), borderWidth: u(0.45) }} aria-hidden />
      <p className="text-slate-300" style={{ fontSize: u(2) }}>
        Connecting to DCDock…
      </p>
    </Centered>
  );
}
