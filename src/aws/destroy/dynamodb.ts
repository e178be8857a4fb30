import {
  DeleteTableCommand,
  DescribeTableCommand,
  UpdateTableCommand,
} from '@aws-sdk/client-dynamodb';
import { missingWhen } from './destroy-recorder.js';
import type { DestroyStep } from './destroy-step.js';

const missing = missingWhen('ResourceNotFoundException');
const TABLE = 'DynamoDB table';

/**
 * Guide §4: `cci-lite-config` holds the tenants, their QA templates and the
 * call ledger, so it is data: kept unless --purge. With --purge its deletion
 * protection (set by init) is turned off first. A kept table keeps the key.
 */
export const dynamodbDestroyStep: DestroyStep = {
  id: 'dynamodb',
  title: '§4 DynamoDB config table',
  async run(clients, ctx, r) {
    const db = clients.dynamodb;
    const TableName = ctx.deployment.names.configTable;
    const resource = { type: TABLE, name: TableName };
    const probe = await r.read(
      resource,
      async () => (await db.send(new DescribeTableCommand({ TableName }))).Table,
      missing,
    );
    if (probe.state === 'failed') return r.holdKey(resource);
    if (probe.state === 'found' && !ctx.purge) {
      return r.keep(
        resource,
        'holds tenants, QA templates and the call ledger (--purge deletes it)',
        {
          holdsKey: true,
        },
      );
    }
    const gone = await r.remove(
      resource,
      probe,
      async (table) => {
        if (table.DeletionProtectionEnabled === true) {
          await db.send(new UpdateTableCommand({ TableName, DeletionProtectionEnabled: false }));
        }
        await db.send(new DeleteTableCommand({ TableName }));
      },
      missing,
    );
    if (!gone) r.holdKey(resource);
  },
};
