import { randomUUID } from 'node:crypto';
import type { UntypedServiceImplementation } from '@grpc/grpc-js';
import type { Logger } from '../../logger.ts';
import { unary } from './handlers.ts';
import { gossip, shared } from './proto.ts';

/**
 * Gossip.Read for `esdb+discover://` connections: a cluster of one node, alive and leader,
 * reachable where the client already is.
 */
export const gossipService = (
  endpoint: () => { host: string; port: number },
  logger: Logger,
): UntypedServiceImplementation => {
  const instanceId = new shared.UUID();
  instanceId.setString(randomUUID());
  return {
    read: unary<InstanceType<typeof shared.Empty>, InstanceType<typeof gossip.ClusterInfo>>(
      logger,
      'Gossip.Read',
      () => {
        const { host, port } = endpoint();
        const address = new gossip.EndPoint();
        address.setAddress(host);
        address.setPort(port);
        const member = new gossip.MemberInfo();
        member.setInstanceId(instanceId);
        member.setTimeStamp(String(BigInt(Date.now()) * 10_000n));
        member.setState(gossip.MemberInfo.VNodeState.LEADER);
        member.setIsAlive(true);
        member.setHttpEndPoint(address);
        const info = new gossip.ClusterInfo();
        info.addMembers(member);
        return info;
      },
    ),
  };
};
