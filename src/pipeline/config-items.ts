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
  /**
   * Layout of recordings whose header does not tell the channel count (mp3 in
   * some encoders, mp4, m4a, webm, amr): stereo goes to Call Analytics, mono
   * (the default) to a standard job with speaker labels.
   */
  channelLayout: z.enum(['stereo', 'mono']).optional(),
  /** Slack/Teams incoming-webhook URL for a short summary per call. */
  webhookUrl: z.url({ protocol: /^https$/, message: 'must be an https:// URL' }).optional(),
  /** QuickSight users (e-mail) who see this tenant's rows (RLS). */
  users: z.array(z.string()).optional(),
  createdAt: z.string(),
});
export type TenantMeta = z.output<typeof TenantMetaSchema>;

/** META fields an operator sets with `tenant add` flags (call handling, notifications). */
export type TenantSettings = Partial<
  Pick<TenantMeta, 'webhookUrl' | 'agentChannel' | 'channelLayout'>
>;

/** The settings that differ from the stored META: what an update must write. */
export function changedSettings(current: TenantMeta, wanted: TenantSettings): TenantSettings {
  const out: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(wanted)) {
    if (value !== undefined && current[field as keyof TenantSettings] !== value) out[field] = value;
  }
  return out as TenantSettings;
}

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
