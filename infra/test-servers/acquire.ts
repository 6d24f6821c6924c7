import { dockerUnavailableReason } from './docker.ts';
import { serverVariables, type ServerKind, type StartedServer } from './types.ts';

/** How one kind of server is had from Docker and from this machine. */
export interface ServerProvider {
  readonly kind: ServerKind;
  /** A human name for messages, e.g. "Apache Kafka 3.9". */
  readonly name: string;
  startContainer(): Promise<StartedServer>;
  /** Starts a server on this machine, or throws an Error saying what is missing. */
  startLocal(): Promise<StartedServer>;
}

/**
 * Finds a server in the one order every test uses: the variable from the environment if set, else
 * a testcontainers container where a Docker engine answers, else a local server. Throws an Error
 * naming everything that was tried when none can be had.
 */
export const acquireServer = async (
  provider: ServerProvider,
  env: Record<string, string | undefined> = process.env,
): Promise<StartedServer> => {
  const variable = serverVariables[provider.kind];
  const fromEnvironment = env[variable];
  if (fromEnvironment) {
    return { url: fromEnvironment, source: 'environment', stop: () => Promise.resolve() };
  }

  const tried: string[] = [`${variable} is not set`];
  const dockerProblem = await dockerUnavailableReason();
  if (dockerProblem === undefined) {
    try {
      return await provider.startContainer();
    } catch (error) {
      tried.push(`its container did not start: ${describe(error)}`);
    }
  } else {
    tried.push(dockerProblem);
  }

  try {
    return await provider.startLocal();
  } catch (error) {
    tried.push(`no local server: ${describe(error)}`);
  }
  throw new Error(`no ${provider.name} for the tests: ${tried.join('; ')}`);
};

const describe = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);
