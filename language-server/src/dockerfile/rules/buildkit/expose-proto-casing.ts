/** BuildKit's ExposeProtoCasing: `EXPOSE 80/TCP` works, but the protocol is written lower-case. */
import type { Finding } from '../../../findings';
import { buildModel } from '../build-model';
import { argumentRange } from '../finding-ranges';
import { buildkitRule, report } from '../rule-definition';
import type { DockerfileRuleContext } from '../types';
import { exposedPorts } from './expose-port';

export const EXPOSE_PROTO_CASING = buildkitRule('ExposeProtoCasing', 'Protocol in EXPOSE instruction should be lowercase', (context) => exposeProtoCasing(context));

export function exposeProtoCasing(context: DockerfileRuleContext): Finding[] {
  return exposedPorts(buildModel(context))
    .filter(({ port }) => port.protocol !== port.protocol.toLowerCase())
    .map(({ instruction, port, text }) =>
      report(EXPOSE_PROTO_CASING, argumentRange(context.dockerfile, instruction, text), `Defined protocol '${port.raw}' in EXPOSE instruction should be lowercase`),
    );
}
