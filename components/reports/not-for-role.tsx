/** What an operator sees at /reports: the page is for supervisors and administrators (the API refuses the data too). */
export function ReportsNotForRole() {
  return (
    <div className="mx-auto w-full max-w-6xl px-4 py-16 sm:px-6">
      <div className="mx-auto max-w-md rounded-xl border border-slate-200 bg-white p-8 text-center shadow-sm" data-testid="reports-not-for-role">
        <h1 className="text-lg font-semibold text-slate-900">Reports are for supervisors and administrators</h1>
        <p className="mt-2 text-sm text-slate-600">
          Your account plans and runs the board. Ask a supervisor for the dock&apos;s figures, or an administrator for access.
        </p>
      </div>
    </div>
  );
}
