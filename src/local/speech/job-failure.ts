import { CciError } from '../../core/errors.js';

/** Why a job failed, worded for the operator (the job's failureReason). */
export class JobFailure extends CciError {
  constructor(reason: string) {
    super('TRANSCRIPTION_FAILED', reason, { fault: 'user' });
  }
}
