/** The configuration a trace used, as its summary names it (traces recorded before names existed
 * have none). */
export function TraceConfigName({ name }: { name: string | undefined }) {
  return (
    <span className="config-name trace-config" data-testid="trace-config" title="The retrieval configuration it used">
      {name || 'unnamed'}
    </span>
  );
}
