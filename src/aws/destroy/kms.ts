import {
  DeleteAliasCommand,
  DescribeKeyCommand,
  ScheduleKeyDeletionCommand,
} from '@aws-sdk/client-kms';
import { missingWhen } from './destroy-recorder.js';
import type { DestroyStep } from './destroy-step.js';

const missing = missingWhen('NotFoundException');

/** The longest waiting period KMS allows: the key can be restored until it ends. */
export const KEY_DELETION_WINDOW_DAYS = 30;

/**
 * Guide §1, last of all: the master key is scheduled for deletion (KMS never
 * deletes a key at once) and its alias removed, but only when nothing left
 * behind is encrypted with it: a kept bucket or table would become unreadable.
 * The key is scheduled before the alias goes, so a run interrupted between the
 * two still finds the key through its alias next time.
 */
export const kmsDestroyStep: DestroyStep = {
  id: 'kms',
  title: '§1 KMS master key',
  async run(clients, ctx, r) {
    const kms = clients.kms;
    const AliasName = ctx.deployment.names.kmsAlias;
    const keyResource = { type: 'KMS key', name: AliasName };
    const probe = await r.read(
      keyResource,
      async () => (await kms.send(new DescribeKeyCommand({ KeyId: AliasName }))).KeyMetadata,
      missing,
    );
    const holders = r.keyHolders();
    if (probe.state === 'found' && holders.length > 0) {
      r.keep(keyResource, `still encrypts: ${holders.join('; ')}`);
      return;
    }
    const KeyId = probe.state === 'found' ? (probe.value.KeyId ?? AliasName) : AliasName;
    const pending = probe.state === 'found' && probe.value.KeyState === 'PendingDeletion';
    const scheduled = await r.remove(
      keyResource,
      probe,
      async () => {
        if (!pending) {
          await kms.send(
            new ScheduleKeyDeletionCommand({
              KeyId,
              PendingWindowInDays: KEY_DELETION_WINDOW_DAYS,
            }),
          );
        }
      },
      missing,
      {
        scheduled: true,
        reason: `${pending ? 'already pending deletion' : `deleted after ${KEY_DELETION_WINDOW_DAYS} days`}; until then: aws kms cancel-key-deletion --key-id ${KeyId}`,
      },
    );
    if (!scheduled || probe.state !== 'found') return;
    await r.remove(
      { type: 'KMS alias', name: AliasName },
      probe,
      () => kms.send(new DeleteAliasCommand({ AliasName })),
      missing,
    );
  },
};
