/**
 * Compose's variable interpolation, the part infra/compose.yaml uses: `${NAME}`, `${NAME:-default}`,
 * `${NAME:?message}` and `$$`. The tests read the environment a container would get, so a default
 * that does not parse fails them as it would fail the container.
 */
export const interpolate = (text: string, env: Record<string, string | undefined>): string =>
  text.replace(
    /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:-|:\?)([^}]*))?\}/g,
    (
      whole,
      name: string | undefined,
      operator: string | undefined,
      operand: string | undefined,
    ) => {
      if (name === undefined) return '$';
      const value = env[name];
      if (value !== undefined && value !== '') return value;
      if (operator === ':-') return operand ?? '';
      if (operator === ':?') throw new Error(`${name}: ${operand ?? 'required'}`);
      throw new Error(`${whole}: unset, and the compose file gives it no default`);
    },
  );
