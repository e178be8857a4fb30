import { randomBytes } from 'node:crypto';
import { link, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CciError, userError } from '../../core/errors.js';
import { isValidJobName } from '../../core/ids/call-id.js';
import { LocalJobSchema, type LocalTranscriptionJob } from './job-record.js';

/**
 * The job registry: one JSON file per job name in `jobsDir`. Every write is
 * atomic (scratch file + rename), and creating a job is exclusive (hard link of
 * a complete scratch file), so two workers handling the same event cannot both
 * start it, and a reader never sees half a record.
 */
export class JobStore {
  private readonly scratch: string;

  constructor(private readonly dir: string) {
    this.scratch = join(dir, '.partial');
  }

  path(jobName: string): string {
    if (!isValidJobName(jobName)) {
      throw userError('INVALID_JOB_NAME', `"${jobName}" is not a valid transcription job name.`, {
        hint: 'Job names are call ids: letters, digits, ".", "_" and "-", at most 200 characters.',
      });
    }
    return join(this.dir, `${jobName}.json`);
  }

  async read(jobName: string): Promise<LocalTranscriptionJob | undefined> {
    const file = this.path(jobName);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw new CciError('JOB_UNREADABLE', `Cannot read transcription job ${file}.`, {
        cause: err,
      });
    }
    const parsed = LocalJobSchema.safeParse(safeJson(text));
    if (!parsed.success) {
      throw new CciError('JOB_UNREADABLE', `Transcription job ${file} is not a valid job record.`, {
        hint: 'Delete the file to let the next upload event start the job again.',
      });
    }
    return parsed.data;
  }

  /** Creates the job only if no job of that name exists; false when one does. */
  async create(job: LocalTranscriptionJob): Promise<boolean> {
    const target = this.path(job.jobName);
    const scratch = await this.writeScratch(job);
    try {
      await link(scratch, target);
      return true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw err;
    } finally {
      await rm(scratch, { force: true });
    }
  }

  /**
   * Takes over a job whose owner died: only one caller wins the marker named
   * after the dead owner, so a stale job is restarted once, not once per worker.
   */
  async claimOrphan(
    previous: LocalTranscriptionJob,
    next: LocalTranscriptionJob,
  ): Promise<boolean> {
    const owner = previous.owner;
    const marker = join(
      this.scratch,
      `${previous.jobName}.takeover.${owner?.pid ?? 0}.${owner?.startTicks ?? 0}.${previous.updatedAt.replace(/\W/g, '')}`,
    );
    await mkdir(this.scratch, { recursive: true });
    try {
      await writeFile(marker, String(process.pid), { flag: 'wx' });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw err;
    }
    await this.write(next);
    return true;
  }

  async write(job: LocalTranscriptionJob): Promise<void> {
    const target = this.path(job.jobName);
    const scratch = await this.writeScratch(job);
    try {
      await rename(scratch, target);
    } catch (err) {
      await rm(scratch, { force: true });
      throw err;
    }
  }

  private async writeScratch(job: LocalTranscriptionJob): Promise<string> {
    await mkdir(this.scratch, { recursive: true });
    const file = join(
      this.scratch,
      `${job.jobName}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`,
    );
    await writeFile(file, `${JSON.stringify(job, null, 2)}\n`);
    return file;
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
