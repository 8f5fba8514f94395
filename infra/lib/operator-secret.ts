// A secret whose value Stripe issues and an operator stores after deploy (docs/deploy.md,
// docs/operations.md). It is created with a random value its reader rejects, so the reader fails closed
// until the real value is stored; kept when the stack goes, since the value cannot be made again.
import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';

export interface OperatorSecretProps {
  readonly description: string;
  /** Why Secrets Manager rotation does not apply to this value (acknowledges AwsSolutions-SMG4). */
  readonly whyNoRotation: string;
}

export function operatorSecret(scope: Construct, id: string, props: OperatorSecretProps): secretsmanager.Secret {
  const secret = new secretsmanager.Secret(scope, id, {
    description: props.description,
    generateSecretString: { passwordLength: 32, excludePunctuation: true },
    removalPolicy: RemovalPolicy.RETAIN,
  });
  Validations.of(secret).acknowledge({ id: 'AwsSolutions-SMG4', reason: props.whyNoRotation });
  return secret;
}
