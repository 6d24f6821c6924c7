import type { ServiceDefinition, UntypedServiceImplementation } from '@grpc/grpc-js';
import type { Logger } from '../../logger.ts';
import { unary } from './handlers.ts';
import { serverFeatures, serverFeaturesGrpc, type shared } from './proto.ts';

/** The version reported to clients; 24.10 is one the client treats as fully modern. */
export const SERVER_VERSION = '24.10.0';

/**
 * The features EventStoreDB attaches to a method, by the same rules it uses: persistent
 * subscriptions support streams and $all, stream reads support positions and events, batch
 * appends take a deadline.
 */
const featuresOf = (service: string, method: string): string[] => {
  if (service.includes('persistentsubscriptions')) return ['stream', 'all'];
  if (service.includes('streams') && method.includes('read')) return ['position', 'events'];
  if (service.includes('streams') && method.includes('batchappend')) return ['deadline_duration'];
  return [];
};

/**
 * ServerFeatures.GetSupportedMethods over the services this server implements. The client asks
 * it once per connection and uses gRPC for every method listed here (never its HTTP fallbacks).
 */
export const serverFeaturesService = (
  services: readonly ServiceDefinition[],
  logger: Logger,
): UntypedServiceImplementation => {
  const supported = new serverFeatures.SupportedMethods();
  supported.setEventStoreServerVersion(SERVER_VERSION);
  for (const definition of services) {
    for (const method of Object.values(definition)) {
      const [, service = '', name = ''] = method.path.toLowerCase().split('/');
      const entry = new serverFeatures.SupportedMethod();
      entry.setServiceName(service);
      entry.setMethodName(name);
      entry.setFeaturesList(featuresOf(service, name));
      supported.addMethods(entry);
    }
  }
  return {
    getSupportedMethods: unary<InstanceType<typeof shared.Empty>, typeof supported>(
      logger,
      'ServerFeatures.GetSupportedMethods',
      () => supported,
    ),
  };
};

export const serverFeaturesDefinition = serverFeaturesGrpc.ServerFeaturesService;
