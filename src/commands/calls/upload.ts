import { resolve } from 'node:path';
import { defineCommand } from '../command.js';
import { onLocalWorkspace } from '../../local/local-target.js';
import { uploadCall, type UploadedCall } from '../../local/upload-call.js';
import { renderTable } from '../../ui/table.js';

interface UploadContext {
  files: string[];
  tenant: string;
  agentId: string | undefined;
  queue: string | undefined;
}

export const callsUploadCommand = defineCommand({
  path: ['calls', 'upload'],
  summary: 'Upload call recordings for a tenant and queue them for processing',
  help: [
    '',
    'Puts each file into <input>/<tenant>/calls/<file name> with the agent id and queue as',
    'object metadata, and sends the Object Created event to the job-init queue. Process',
    'the queue with: cci-lite run',
    '',
    'Example:',
    '  $ cci-lite calls upload samples/calls/*.wav --tenant demo-tenant --agent-id A-17',
  ].join('\n'),
  configure: (cmd) =>
    cmd
      .argument('<files...>', 'audio files (wav, flac, mp3, mp4, m4a, ogg, amr, webm)')
      .requiredOption('--tenant <id>', 'tenant id')
      .option('--agent-id <id>', 'agent who took the calls (kept as metadata)')
      .option('--queue <name>', 'contact-centre queue of the calls (kept as metadata)'),
  async run(ctx, args, options) {
    const input: UploadContext = {
      files: (args[0] as string[]).map((f) => resolve(ctx.cwd, f)),
      tenant: String(options.tenant),
      agentId: typeof options.agentId === 'string' ? options.agentId : undefined,
      queue: typeof options.queue === 'string' ? options.queue : undefined,
    };
    const uploaded = await onLocalWorkspace(ctx, 'calls upload', async (ws) => {
      const out: UploadedCall[] = [];
      for (const file of input.files) {
        out.push(
          await uploadCall(ws, file, {
            tenant: input.tenant,
            ...(input.agentId === undefined ? {} : { agentId: input.agentId }),
            ...(input.queue === undefined ? {} : { queue: input.queue }),
            dryRun: ctx.globals.dryRun,
          }),
        );
      }
      return out;
    });
    if (uploaded.some((u) => !u.tenantKnown)) {
      ctx.reporter.warn(
        `tenant "${input.tenant}" does not exist: job-init will reject these calls ` +
          `(add it with: cci-lite tenant add ${input.tenant})`,
      );
    }
    ctx.reporter.result({ tenant: input.tenant, dryRun: ctx.globals.dryRun, uploaded }, (style) =>
      [
        renderTable(
          ['file', 'key', 'call id', 'bytes'],
          uploaded.map((u) => [u.file, u.key, u.callId, u.size]),
        ),
        ctx.globals.dryRun
          ? `${uploaded.length} call(s) would be uploaded and queued (dry run)`
          : style.green(`✔ ${uploaded.length} call(s) queued; process them with: cci-lite run`),
      ].join('\n'),
    );
  },
});
