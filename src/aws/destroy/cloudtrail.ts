import {
  DeleteTrailCommand,
  GetTrailCommand,
  StopLoggingCommand,
} from '@aws-sdk/client-cloudtrail';
import { TRAIL_NAME } from '../provision/policies/arns.js';
import { missingWhen } from './destroy-recorder.js';
import type { DestroyStep } from './destroy-step.js';

const missing = missingWhen('TrailNotFoundException');

/**
 * Guide §13: the trail stops logging, then goes. Its log bucket is one of the
 * kept (or, with --purge, emptied) buckets of the S3 step.
 */
export const cloudtrailDestroyStep: DestroyStep = {
  id: 'cloudtrail',
  title: '§13 CloudTrail',
  async run(clients, _ctx, r) {
    const ct = clients.cloudtrail;
    await r.readAndRemove(
      { type: 'CloudTrail trail', name: TRAIL_NAME },
      async () => (await ct.send(new GetTrailCommand({ Name: TRAIL_NAME }))).Trail,
      async () => {
        await ct.send(new StopLoggingCommand({ Name: TRAIL_NAME }));
        await ct.send(new DeleteTrailCommand({ Name: TRAIL_NAME }));
      },
      missing,
    );
  },
};
