import { MaxSubscribersReached } from '../persistent/group.ts';
import { GroupExists, GroupNotFound, GroupRefused } from '../persistent/subsystem.ts';
import {
  maximumSubscribersReached,
  persistentSubscriptionDoesNotExist,
  persistentSubscriptionExists,
  persistentSubscriptionFailed,
} from './errors.ts';

/** The protocol error for what the subsystem threw about a group; anything else passes through. */
export const groupError = (error: unknown, stream: string, group: string): unknown => {
  if (error instanceof GroupNotFound) return persistentSubscriptionDoesNotExist(stream, group);
  if (error instanceof GroupExists) return persistentSubscriptionExists(stream, group);
  if (error instanceof GroupRefused)
    return persistentSubscriptionFailed(stream, group, error.message);
  if (error instanceof MaxSubscribersReached) return maximumSubscribersReached(stream, group);
  return error;
};

/** Runs `action`, turning the subsystem's errors about the group into protocol errors. */
export const forGroup = async <T>(
  stream: string,
  group: string,
  action: () => T | Promise<T>,
): Promise<T> => {
  try {
    return await action();
  } catch (error) {
    throw groupError(error, stream, group);
  }
};
