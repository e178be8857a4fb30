import {
  DescribeRuleCommand,
  DisableRuleCommand,
  EnableRuleCommand,
  ListTagsForResourceCommand,
  ListTargetsByRuleCommand,
  PutRuleCommand,
  PutTargetsCommand,
  RemoveTargetsCommand,
  TagResourceCommand,
  UntagResourceCommand,
  type EventBridgeClient,
  type RuleState,
  type Target,
} from '@aws-sdk/client-eventbridge';
import type { AwsClientStub } from 'aws-sdk-client-mock';
import { awsError, TagSet, type FakeCloud } from './cloud.js';

export interface FakeRule {
  name: string;
  arn: string;
  pattern?: string;
  state: RuleState;
  description?: string;
  tags: TagSet;
  targets: Target[];
}

/** Rules on the default event bus with their targets and tags. */
export class FakeEventBridge {
  readonly rules = new Map<string, FakeRule>();

  rule(nameOrArn: string | undefined): FakeRule {
    const name = nameOrArn?.split(':rule/').pop() ?? '';
    const rule = this.rules.get(name);
    if (rule === undefined) {
      throw awsError(
        'ResourceNotFoundException',
        `Rule ${name} does not exist on EventBus default.`,
      );
    }
    return rule;
  }
}

export function installEventBridge(
  cloud: FakeCloud,
  stub: AwsClientStub<EventBridgeClient>,
): FakeEventBridge {
  const eb = new FakeEventBridge();
  cloud.refuseUnserved(stub, 'EventBridge');

  cloud.serve(stub, PutRuleCommand, (i) => {
    const name = i.Name ?? '';
    if (i.EventPattern !== undefined) {
      try {
        JSON.parse(i.EventPattern);
      } catch {
        throw awsError('InvalidEventPatternException', 'Event pattern is not valid JSON');
      }
    }
    const existing = eb.rules.get(name);
    // PutRule replaces the rule's definition; tags apply on creation only.
    const rule: FakeRule = {
      name,
      arn: cloud.arn('events', `rule/${name}`),
      state: i.State ?? 'ENABLED',
      tags: existing?.tags ?? new TagSet(i.Tags ?? []),
      targets: existing?.targets ?? [],
      ...(i.EventPattern === undefined ? {} : { pattern: i.EventPattern }),
      ...(i.Description === undefined ? {} : { description: i.Description }),
    };
    eb.rules.set(name, rule);
    return { RuleArn: rule.arn };
  });
  cloud.serve(stub, DescribeRuleCommand, (i) => {
    const rule = eb.rule(i.Name);
    return {
      Name: rule.name,
      Arn: rule.arn,
      State: rule.state,
      EventBusName: 'default',
      CreatedBy: cloud.accountId,
      ...(rule.pattern === undefined ? {} : { EventPattern: rule.pattern }),
      ...(rule.description === undefined ? {} : { Description: rule.description }),
    };
  });
  cloud.serve(stub, EnableRuleCommand, (i) => {
    eb.rule(i.Name).state = 'ENABLED';
    return {};
  });
  cloud.serve(stub, DisableRuleCommand, (i) => {
    eb.rule(i.Name).state = 'DISABLED';
    return {};
  });

  cloud.serve(stub, PutTargetsCommand, (i) => {
    const rule = eb.rule(i.Rule);
    for (const target of i.Targets ?? []) {
      rule.targets = [...rule.targets.filter((t) => t.Id !== target.Id), structuredClone(target)];
    }
    return { FailedEntryCount: 0, FailedEntries: [] };
  });
  cloud.serve(stub, ListTargetsByRuleCommand, (i) => ({
    Targets: structuredClone(eb.rule(i.Rule).targets),
  }));
  cloud.serve(stub, RemoveTargetsCommand, (i) => {
    const rule = eb.rule(i.Rule);
    rule.targets = rule.targets.filter((t) => !(i.Ids ?? []).includes(t.Id ?? ''));
    return { FailedEntryCount: 0, FailedEntries: [] };
  });

  cloud.serve(stub, ListTagsForResourceCommand, (i) => ({
    Tags: eb.rule(i.ResourceARN).tags.list(),
  }));
  cloud.serve(stub, TagResourceCommand, (i) => {
    eb.rule(i.ResourceARN).tags.add(i.Tags ?? []);
    return {};
  });
  cloud.serve(stub, UntagResourceCommand, (i) => {
    eb.rule(i.ResourceARN).tags.remove(i.TagKeys);
    return {};
  });
  return eb;
}
