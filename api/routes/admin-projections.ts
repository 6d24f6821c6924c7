import { z } from 'zod';
import { pointersOf, requestRebuild } from '../../projections/pointers.ts';
import type { AnyProjection } from '../../projections/projection.ts';
import { projectionListSchema, rebuildStartedSchema } from '../../projections/status-schema.ts';
import {
  readProjectionStatus,
  rebuildProgress,
  type StatusSources,
} from '../../projections/status.ts';
import { HttpProblem } from '../http/problem.ts';
import { defineRoute, type Route } from '../http/route.ts';

const nameParams = z.strictObject({ name: z.string().regex(/^[a-z_]{1,64}$/) });

/** The read models' state, lag and rebuilds, and starting a rebuild (admins). */
export const adminProjectionRoutes = (
  sources: StatusSources,
  projections: readonly AnyProjection[],
): Route[] => [
  defineRoute({
    method: 'get',
    path: '/api/admin/projections',
    summary:
      'Every read model: state, checkpoint, lag behind the head of $all, and its rebuild if one is running',
    tag: 'admin',
    access: ['admin'],
    responses: {
      200: {
        description: 'the read models',
        schema: projectionListSchema,
      },
    },
    handle: async ({ res }) => {
      res.json({ items: await readProjectionStatus(sources, projections) });
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/admin/projections/:name/rebuild',
    summary:
      'Rebuild a read model from position 0 into a new collection while the current one keeps serving; reads switch over once it has caught up',
    tag: 'admin',
    access: ['admin'],
    params: nameParams,
    responses: {
      202: {
        description: 'started',
        schema: rebuildStartedSchema,
      },
      404: { description: 'no such read model' },
      409: {
        description: 'a rebuild is already running, or the read model has not been built yet',
      },
    },
    handle: async ({ res, params, principal }) => {
      const projection = projections.find((p) => p.name === params.name);
      if (projection === undefined)
        throw new HttpProblem(
          404,
          'projection_not_found',
          'Not found',
          `no read model ${params.name}`,
        );
      const request = await requestRebuild(
        pointersOf(sources.store),
        projection.name,
        projection.version,
        principal.sub,
        sources.now(),
      );
      if (request.outcome === 'unknown')
        throw new HttpProblem(
          409,
          'projection_not_started',
          'Not started',
          `${params.name} has not been built yet`,
        );
      const head = await sources.head();
      const rebuild = rebuildProgress(request.build, undefined, head, undefined, false);
      if (request.outcome === 'running')
        throw new HttpProblem(
          409,
          'rebuild_running',
          'A rebuild is running',
          `${params.name} is being rebuilt`,
          {
            rebuild,
          },
        );
      res.status(202).json({ name: projection.name, rebuild });
    },
  }),
];
