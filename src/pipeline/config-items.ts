import { z } from 'zod';
import { TEMPLATE_VERSION_RE } from '../core/qa-template/schema.js';

/**
 * Items of the `cci-lite-config` table (guide §4), the same on DynamoDB and on
 * the local SQLite store: `TENANT#<id>` partitions holding `META#v1`,
 * `QA_TEMPLATE#vN` (the template's fields at the top level, as in the guide) and
 * `CALL#<call_id>` (the call ledger: started, completed, failed with a reason).
 */
export const tenantPk = (tenantId: string): string => `TENANT#${tenantId}`;
export const META_SK = 'META#v1';
export const TEMPLATE_SK_PREFIX = 'QA_TEMPLATE#';
export const templateSk = (version: string): string => `${TEMPLATE_SK_PREFIX}${version}`;
export const CALL_SK_PREFIX = 'CALL#';
export const callSk = (callId: string): string => `${CALL_SK_PREFIX}${callId}`;

export const TenantMetaSchema = z.object({
  name: z.string().min(1),
  bedrockModel: z.string().min(1),
  /** The template version results are scored with; absent: the deployment's QA_TEMPLATE_KEY. */
  activeTemplateVersion: z.string().regex(TEMPLATE_VERSION_RE).optional(),
  /** Channel of the agent in stereo calls (the customer is the other one). */
  agentChannel: z.union([z.literal(0), z.literal(1)]).optional(),
  /** Slack/Teams incoming-webhook URL for a short summary per call. */
  webhookUrl: z.string().url().optional(),
  /** QuickSight users (e-mail) who see this tenant's rows (RLS). */
  users: z.array(z.string()).optional(),
  createdAt: z.string(),
});
export type TenantMeta = z.output<typeof TenantMetaSchema>;

export const CALL_STATUSES = ['TRANSCRIBING', 'ANALYSING', 'COMPLETED', 'FAILED'] as const;
export type CallStatus = (typeof CALL_STATUSES)[number];

export const CallRecordSchema = z.object({
  callId: z.string().min(1),
  status: z.enum(CALL_STATUSES),
  objectKey: z.string(),
  /** YYYY-MM-DD, decides the results partition. */
  callDate: z.string().optional(),
  kind: z.enum(['call-analytics', 'standard']).optional(),
  resultKey: z.string().optional(),
  reason: z.string().optional(),
  agentId: z.string().optional(),
  queue: z.string().optional(),
  updatedAt: z.string(),
});
export type CallRecord = z.output<typeof CallRecordSchema>;
