/**
 * BuildKit's ExposeInvalidFormat: EXPOSE documents a container port; an IP address or a host
 * port (`EXPOSE 8080:80`) belongs to `docker run -p` and will become an error.
 */
import type { Finding } from '../../../findings';
import { buildModel } from '../build-model';
import { argumentRange } from '../finding-ranges';
import { buildkitRule, report } from '../rule-definition';
import type { DockerfileRuleContext } from '../types';
import { exposedPorts } from './expose-port';

export const EXPOSE_INVALID_FORMAT = buildkitRule(
  'ExposeInvalidFormat',
  'IP address and host-port mapping should not be used in EXPOSE instruction. This will become an error in a future release',
  (context) => exposeInvalidFormat(context),
);

export function exposeInvalidFormat(context: DockerfileRuleContext): Finding[] {
  return exposedPorts(buildModel(context))
    .filter(({ port }) => port.ip !== '' || port.hostPort !== '')
    .map(({ instruction, port, text }) =>
      report(
        EXPOSE_INVALID_FORMAT,
        argumentRange(context.dockerfile, instruction, text),
        `EXPOSE instruction should not define an IP address or host-port mapping, found '${port.raw}'`,
      ),
    );
}
