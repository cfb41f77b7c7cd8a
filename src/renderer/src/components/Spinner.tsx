/** A small busy indicator with a text label for screen readers and sighted users alike. */
export function Busy({ label }: { label: string }) {
  return (
    <span className="busy" role="status">
      <span className="spinner" aria-hidden="true" />
      {label}
    </span>
  );
}
