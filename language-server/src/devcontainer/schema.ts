/**
 * The devcontainer.json schema that ships inside Hutch (DESIGN.md decision 6: offline first), written
 * from the Dev Container specification (devcontainers/spec docs/specs/devcontainerjson-reference.md)
 * and kept in step with the spec's own JSON schema by the conformance test
 * (test/unit/language-server/devcontainer/conformance.test.ts).
 *
 * It is a typed object rather than JSON Schema so that the descriptions serve hover and completion
 * and the validator (validate.ts) stays small. Where JSON Schema would need oneOf branches (an
 * image, a Dockerfile or a Compose config), this schema has one set of properties and two plain
 * keywords instead, `onlyFor` and `variants`, keyed by the kind of config; that gives messages
 * such as "appPort does not apply to a Docker Compose config" instead of "matches no schema".
 *
 * customizations.hutch is Hutch's own namespace (the spec leaves `customizations.<tool>` to each
 * tool); its `vm` object is documented in docs/devcontainer-checks.md#customizations-hutch-vm.
 */

export type JsonType = 'string' | 'number' | 'integer' | 'boolean' | 'object' | 'array' | 'null';

/**
 * What builds the dev container. The spec's schema distinguishes these with oneOf; a config
 * that names several is reported by checks.ts (devcontainer/conflicting-keys) and validated as
 * the first kind of this list that it names: compose, dockerfile, legacyDockerfile, image.
 */
export type ConfigKind = 'image' | 'dockerfile' | 'legacyDockerfile' | 'compose' | 'none';

/** Rules that own every problem found below a schema node (customizations.hutch). */
export type OwningRuleId = 'devcontainer/invalid-hutch-customization' | 'devcontainer/invalid-hutch-vm';

export interface SchemaNode {
  type?: JsonType | readonly JsonType[];
  /** Markdown, for hover and completion. */
  description?: string;
  /** The value used when the key is absent, as written in JSON (hover, completion). */
  default?: string | number | boolean;
  enum?: ReadonlyArray<string | number | boolean>;
  /** One per enum value, in the same order. */
  enumDescriptions?: readonly string[];
  pattern?: string;
  /** What the pattern accepts, in words, for messages: "a size such as 4gb". */
  patternDescription?: string;
  minimum?: number;
  maximum?: number;
  properties?: Readonly<Record<string, SchemaNode>>;
  /** Regular expressions for property names (ECMAScript, unanchored as in JSON Schema). */
  patternProperties?: Readonly<Record<string, SchemaNode>>;
  /** false: a property not named above is reported; a schema: such properties must match it. */
  additionalProperties?: boolean | SchemaNode;
  required?: readonly string[];
  /** Exactly one of these properties must be present. */
  exactlyOneOf?: readonly string[];
  items?: SchemaNode;
  /** Alternatives told apart by JSON type: a value is checked against the first alternative whose
   * type it has (so messages speak of that alternative), and is wrong-typed if none has it. */
  anyOf?: readonly SchemaNode[];
  /** Why the property is deprecated and what to use instead. */
  deprecated?: string;
  /** The property only applies to these kinds of config; elsewhere it is reported. */
  onlyFor?: readonly ConfigKind[];
  /** Said when onlyFor excludes the config's kind. */
  onlyForMessage?: string;
  /** Replacements merged over this node for one kind of config. */
  variants?: Partial<Record<ConfigKind, Partial<SchemaNode>>>;
  /** Every problem below this node belongs to this rule (Hutch's own namespace). */
  owningRule?: OwningRuleId;
}

// ---------------------------------------------------------------------------------------------
// Building blocks

const SIZE_PATTERN = '^\\d+([tgmk]b)?$';
const SIZE_WORDS = 'a size in bytes, or with a unit tb, gb, mb or kb, such as 8gb';

const PORT_ATTRIBUTES: Readonly<Record<string, SchemaNode>> = {
  label: { type: 'string', description: 'A name for the port, shown in the editor\'s Ports view.', default: 'Application' },
  protocol: { type: 'string', enum: ['http', 'https'], description: 'The protocol the editor uses when it opens the forwarded port.' },
  onAutoForward: {
    type: 'string',
    enum: ['notify', 'openBrowser', 'openBrowserOnce', 'openPreview', 'silent', 'ignore'],
    enumDescriptions: [
      'Show a notification when the port is forwarded automatically.',
      'Open a browser on the port when it is forwarded.',
      'Open a browser on the port the first time it is forwarded in a session.',
      'Open a preview inside the editor.',
      'Forward the port and do nothing else.',
      'Never forward this port automatically.',
    ],
    default: 'notify',
    description: 'What the editor does when it finds the port listening and forwards it on its own.',
  },
  requireLocalPort: {
    type: 'boolean',
    default: false,
    description: 'Insist on the same port number on the local machine: tell the user when it is taken instead of picking another one.',
  },
  elevateIfNeeded: {
    type: 'boolean',
    default: false,
    description: 'Ask for elevated rights when forwarding to a privileged local port (below 1024) needs them.',
  },
};

function lifecycleCommand(description: string): SchemaNode {
  const argv: SchemaNode = { type: 'array', items: { type: 'string' } };
  return {
    description:
      `${description}\n\nA string runs in a shell (\`/bin/sh -c\`); an array of strings runs as one program with its arguments, ` +
      'without a shell; an object runs each of its commands (string or array) in parallel, keyed by a name.',
    anyOf: [
      { type: 'string' },
      argv,
      { type: 'object', additionalProperties: { anyOf: [{ type: 'string' }, argv] } },
    ],
  };
}

const MOUNT_OBJECT: SchemaNode = {
  type: 'object',
  description: 'A mount as an object.',
  properties: {
    type: { type: 'string', enum: ['bind', 'volume'], description: 'A bind mount of a host path, or a named volume.' },
    source: { type: 'string', description: 'The host path (bind) or the volume name (volume).' },
    target: { type: 'string', description: 'Where the mount appears in the container.' },
  },
  required: ['type', 'target'],
  additionalProperties: false,
};

const BUILD_OPTIONS: Readonly<Record<string, SchemaNode>> = {
  target: { type: 'string', description: 'The stage of a multi-stage Dockerfile to build (`--target`). It must name a stage (`FROM ... AS name`).' },
  args: {
    type: 'object',
    additionalProperties: { type: 'string' },
    description: 'Build arguments (`--build-arg`), each the value of an `ARG` of the Dockerfile. Values may use `${localEnv:NAME}`.',
  },
  cacheFrom: {
    anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
    description: 'An image, or several, whose layers the build may reuse as cache (`--cache-from`).',
  },
  options: { type: 'array', items: { type: 'string' }, description: 'More arguments for the build command, passed as written.' },
};

const CONTAINER_SOURCE_KINDS: readonly ConfigKind[] = ['image', 'dockerfile', 'legacyDockerfile', 'none'];
const NOT_FOR_COMPOSE = 'does not apply to a Docker Compose config (dockerComposeFile): set it on the service in the compose file';

// ---------------------------------------------------------------------------------------------
// customizations.hutch.vm

const VM_SIZE_PATTERN = '^\\d+(mb|gb|tb)$';
const VM_SIZE_WORDS = 'a size with a unit mb, gb or tb, such as 4gb';
const VM_PORT: SchemaNode = { type: 'integer', minimum: 1, maximum: 65535 };

export const HUTCH_VM_SCHEMA: SchemaNode = {
  type: 'object',
  owningRule: 'devcontainer/invalid-hutch-vm',
  description:
    'Run this environment as a virtual machine (QEMU, with KVM when the host has it) instead of a container. ' +
    'The standard keys keep their meaning: forwardPorts, lifecycle commands, remoteUser, containerEnv, hostRequirements and mounts ' +
    'apply to the VM. See docs/devcontainer-checks.md#customizations-hutch-vm.',
  required: ['box'],
  additionalProperties: false,
  properties: {
    box: {
      type: 'string',
      pattern: '\\S',
      patternDescription: 'a box name or path',
      description:
        'The base image of the VM: the name of a box in Hutch\'s box store, or a path to a box file relative to ' +
        'this devcontainer.json (`./boxes/dev.box`).',
    },
    cpus: { type: 'integer', minimum: 1, maximum: 512, default: 2, description: 'Virtual CPUs of the VM.' },
    memory: { type: 'string', pattern: VM_SIZE_PATTERN, patternDescription: VM_SIZE_WORDS, default: '2gb', description: 'Memory of the VM, such as `4gb`. At least 128mb.' },
    disk: {
      type: 'string',
      pattern: VM_SIZE_PATTERN,
      patternDescription: VM_SIZE_WORDS,
      description: 'Size of the VM\'s disk, such as `40gb` (the disk is a copy-on-write overlay of the box and grows up to this size). At least 1gb. Default: the box\'s size.',
    },
    machine: {
      type: 'string',
      enum: ['microvm', 'q35'],
      enumDescriptions: ['QEMU\'s minimal virtio-mmio machine: the fastest boot; needs a kernel that boots directly.', 'A standard PC (PCI, firmware): for boxes that need one.'],
      default: 'microvm',
      description: 'The QEMU machine type.',
    },
    accelerator: {
      type: 'string',
      enum: ['auto', 'kvm', 'tcg'],
      enumDescriptions: ['KVM when the host has hardware virtualisation, else software emulation (TCG), said in the log.', 'KVM only: fail when it is not usable.', 'Software emulation only (slow, works everywhere).'],
      default: 'auto',
      description: 'How the VM\'s CPU is run.',
    },
    kernel: {
      type: 'object',
      additionalProperties: false,
      description: 'Direct kernel boot: the kernel, initrd and command line the VM boots with. Default: the box\'s own.',
      properties: {
        image: { type: 'string', description: 'Path of the kernel image (vmlinuz), relative to this devcontainer.json.' },
        initrd: { type: 'string', description: 'Path of the initial ramdisk, relative to this devcontainer.json.' },
        cmdline: { type: 'string', description: 'Arguments added to the kernel command line, such as `quiet mitigations=off`.' },
      },
    },
    syncedFolders: {
      type: 'array',
      description: 'Host folders shared with the VM. The project folder is shared at workspaceFolder unless listed here with another target.',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['source', 'target'],
        properties: {
          source: { type: 'string', description: 'The host folder, relative to the project folder (the folder that holds .devcontainer).' },
          target: { type: 'string', description: 'An absolute path in the VM.' },
          type: {
            type: 'string',
            enum: ['virtiofs', '9p', 'rsync'],
            enumDescriptions: ['Live share through virtiofs (fastest).', 'Live share through virtio-9p.', 'A one-way copy on every start.'],
            default: 'virtiofs',
            description: 'How the folder is shared.',
          },
          readOnly: { type: 'boolean', default: false, description: 'Share the folder read-only.' },
          disabled: { type: 'boolean', default: false, description: 'Do not share this folder (turns off the default project share when its target matches).' },
        },
      },
    },
    forwardPorts: {
      type: 'array',
      description:
        'Ports forwarded from the host to the VM from boot on, bound to 127.0.0.1 unless hostIp says otherwise. A number forwards ' +
        'the same port; an object maps a host port to a guest port. (The top-level forwardPorts are forwarded when the editor attaches.)',
      items: {
        anyOf: [
          { ...VM_PORT, description: 'The same port on host and guest.' },
          {
            type: 'object',
            additionalProperties: false,
            required: ['guest'],
            properties: {
              guest: { ...VM_PORT, description: 'The port in the VM.' },
              host: { ...VM_PORT, description: 'The port on the host. Default: the guest port.' },
              protocol: { type: 'string', enum: ['tcp', 'udp'], default: 'tcp', description: 'The protocol.' },
              hostIp: { type: 'string', default: '127.0.0.1', description: 'The host address to bind; `0.0.0.0` exposes the port to the network.' },
            },
          },
        ],
      },
    },
    provision: {
      type: 'array',
      description:
        'Shell scripts run in the VM after its first boot, in order, as Vagrant\'s shell provisioner does. A string is an inline script ' +
        'run once; an object gives `inline` or `path` and when to run it.',
      items: {
        anyOf: [
          { type: 'string', pattern: '\\S', patternDescription: 'a non-empty script', description: 'An inline script, run once as root.' },
          {
            type: 'object',
            additionalProperties: false,
            exactlyOneOf: ['inline', 'path'],
            properties: {
              name: { type: 'string', description: 'A name for logs, and to run this script alone on request.' },
              inline: { type: 'string', description: 'The script text, run with /bin/sh.' },
              path: { type: 'string', description: 'A script file relative to this devcontainer.json, copied into the VM and run.' },
              args: { type: 'array', items: { type: 'string' }, description: 'Arguments for the script.' },
              env: { type: 'object', additionalProperties: { type: 'string' }, description: 'Environment variables for the script.' },
              privileged: { type: 'boolean', default: true, description: 'Run as root (true) or as remoteUser (false).' },
              run: {
                type: 'string',
                enum: ['once', 'always', 'never'],
                enumDescriptions: ['On the first boot only (and when provisioning is run again on request).', 'On every boot.', 'Only when asked for by name.'],
                default: 'once',
                description: 'When the script runs.',
              },
            },
          },
        ],
      },
    },
    snapshots: {
      type: 'object',
      additionalProperties: false,
      description: 'When Hutch snapshots the VM, so that it can be restored to that state.',
      properties: {
        policy: {
          type: 'string',
          enum: ['manual', 'after-provision', 'disabled'],
          enumDescriptions: [
            'Only when asked for.',
            'Also once provisioning has succeeded, as `provisioned` (a fresh VM then starts from it).',
            'Never; snapshot commands are refused.',
          ],
          default: 'manual',
          description: 'When snapshots are taken.',
        },
        memory: {
          type: 'boolean',
          default: false,
          description:
            'Save the VM\'s memory too, so a restore resumes in about two seconds instead of booting. QEMU cannot save memory while a ' +
            'virtiofs or 9p share is attached.',
        },
        keep: { type: 'integer', minimum: 1, description: 'How many snapshots to keep; the oldest automatic ones go first.' },
      },
    },
  },
};

export const HUTCH_CUSTOMIZATIONS_SCHEMA: SchemaNode = {
  type: 'object',
  owningRule: 'devcontainer/invalid-hutch-customization',
  additionalProperties: false,
  description: 'Settings for Hutch.',
  properties: { vm: HUTCH_VM_SCHEMA },
};

// ---------------------------------------------------------------------------------------------
// The whole file

export const DEVCONTAINER_SCHEMA: SchemaNode = {
  type: 'object',
  description: 'A dev container configuration (devcontainer.json).',
  additionalProperties: false,
  variants: { compose: { required: ['dockerComposeFile', 'service', 'workspaceFolder'] } },
  properties: {
    $schema: { type: 'string', description: 'The JSON schema of this file.' },
    name: { type: 'string', description: 'A name for the dev container, shown by the editor.' },

    // What the container is made from (one of these).
    image: {
      type: 'string',
      description: 'The image the container runs, such as `mcr.microsoft.com/devcontainers/base:bookworm`. Use `image`, `build` or `dockerComposeFile`, not several.',
    },
    build: {
      type: 'object',
      description: 'Build the container\'s image from a Dockerfile. Use `image`, `build` or `dockerComposeFile`, not several.',
      additionalProperties: false,
      required: ['dockerfile'],
      // With dockerComposeFile, build is reported by checks.ts (devcontainer/conflicting-keys).
      variants: { legacyDockerfile: { required: [] }, compose: { required: [] } },
      properties: {
        dockerfile: { type: 'string', description: 'The Dockerfile, relative to this devcontainer.json.' },
        context: { type: 'string', default: '.', description: 'The build context folder, relative to this devcontainer.json.' },
        ...BUILD_OPTIONS,
      },
    },
    dockerFile: {
      type: 'string',
      description: 'The Dockerfile, relative to this devcontainer.json (the older spelling; prefer `build.dockerfile`).',
    },
    context: {
      type: 'string',
      description: 'The build context for `dockerFile`, relative to this devcontainer.json (the older spelling; prefer `build.context`).',
      onlyFor: ['legacyDockerfile'],
      onlyForMessage: 'only goes with the older `dockerFile` key: use build.context',
    },
    dockerComposeFile: {
      anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
      description: 'The Docker Compose file, or files merged in order, relative to this devcontainer.json. Needs `service` and `workspaceFolder`.',
    },
    service: { type: 'string', description: 'The compose service the editor connects to: the dev container.', onlyFor: ['compose'], onlyForMessage: 'only applies with dockerComposeFile' },
    runServices: {
      type: 'array',
      items: { type: 'string' },
      description: 'The compose services to start. Default: all of them.',
      onlyFor: ['compose'],
      onlyForMessage: 'only applies with dockerComposeFile',
    },

    // The container.
    features: {
      type: 'object',
      description: 'Dev Container Features to install, keyed by their reference (`ghcr.io/devcontainers/features/node:1`), each with its options.',
      properties: {
        fish: { deprecated: 'this legacy short Feature id is no longer supported: see https://containers.dev/features' },
        maven: { deprecated: 'this legacy short Feature id will be removed: ghcr.io/devcontainers/features/java has an option for Maven' },
        gradle: { deprecated: 'this legacy short Feature id will be removed: ghcr.io/devcontainers/features/java has an option for Gradle' },
        homebrew: { deprecated: 'this legacy short Feature id is no longer supported: see https://containers.dev/features' },
        jupyterlab: { deprecated: 'this legacy short Feature id will be removed: ghcr.io/devcontainers/features/python has an option for JupyterLab' },
      },
      additionalProperties: { description: 'A Feature: its options as an object, or a version string.' },
    },
    overrideFeatureInstallOrder: {
      type: 'array',
      items: { type: 'string' },
      description: 'Feature ids (without version) in the order they must be installed, overriding the order Features declare.',
    },
    containerEnv: { type: 'object', additionalProperties: { type: 'string' }, description: 'Environment variables of the container, set when it is created.' },
    remoteEnv: {
      type: 'object',
      additionalProperties: { type: ['string', 'null'] },
      description: 'Environment variables for the processes the tools start in the container (terminals, lifecycle commands). May use `${containerEnv:NAME}`; null removes a variable.',
    },
    containerUser: { type: 'string', description: 'The user the container runs as. Default: the image\'s user.' },
    remoteUser: { type: 'string', description: 'The user for lifecycle commands and the editor\'s processes. Default: containerUser.' },
    updateRemoteUserUID: {
      type: 'boolean',
      default: true,
      description: 'On Linux, give the remote user the UID and GID of the local user, so that files in the workspace stay the local user\'s.',
    },
    userEnvProbe: {
      type: 'string',
      enum: ['none', 'loginShell', 'loginInteractiveShell', 'interactiveShell'],
      default: 'loginInteractiveShell',
      description: 'The kind of shell run to learn the user\'s environment for the tools.',
    },
    mounts: {
      type: 'array',
      description: 'More mounts for the container: Docker `--mount` strings (`type=bind,source=...,target=...`) or objects.',
      items: { anyOf: [MOUNT_OBJECT, { type: 'string' }] },
    },
    init: { type: 'boolean', default: false, description: 'Run a small init process as PID 1 that reaps zombies and forwards signals (`--init`).' },
    privileged: { type: 'boolean', default: false, description: 'Run the container privileged (`--privileged`).' },
    capAdd: { type: 'array', items: { type: 'string' }, description: 'Capabilities to add, such as `SYS_PTRACE` (`--cap-add`).' },
    securityOpt: { type: 'array', items: { type: 'string' }, description: 'Security options, such as `seccomp=unconfined` (`--security-opt`).' },
    hostRequirements: {
      type: 'object',
      additionalProperties: false,
      description: 'The least the host must offer.',
      properties: {
        cpus: { type: 'integer', minimum: 1, description: 'CPUs.' },
        memory: { type: 'string', pattern: SIZE_PATTERN, patternDescription: SIZE_WORDS, description: 'Memory, such as `8gb`.' },
        storage: { type: 'string', pattern: SIZE_PATTERN, patternDescription: SIZE_WORDS, description: 'Disk space, such as `32gb`.' },
        gpu: {
          description: 'Whether a GPU is needed: true, false, "optional", or an object with cores and memory.',
          anyOf: [
            { type: 'boolean' },
            { type: 'string', enum: ['optional'] },
            {
              type: 'object',
              additionalProperties: false,
              properties: {
                cores: { type: 'integer', minimum: 1, description: 'GPU cores.' },
                memory: { type: 'string', pattern: SIZE_PATTERN, patternDescription: SIZE_WORDS, description: 'GPU memory, such as `4gb`.' },
              },
            },
          ],
        },
      },
    },
    secrets: {
      type: 'object',
      description: 'Secrets the configuration suggests the user provide, keyed by environment variable name.',
      patternProperties: {
        '^[a-zA-Z_][a-zA-Z0-9_]*$': {
          type: 'object',
          additionalProperties: false,
          properties: {
            description: { type: 'string', description: 'What the secret is for.' },
            documentationUrl: { type: 'string', description: 'Where to read about it.' },
          },
        },
      },
      additionalProperties: false,
    },

    // Ports.
    forwardPorts: {
      type: 'array',
      description: 'Ports forwarded to the local machine whenever the editor is attached: a port number, or `"host:port"` for another compose service.',
      items: {
        anyOf: [
          { type: 'integer', minimum: 0, maximum: 65535 },
          { type: 'string', pattern: '^([a-z0-9-]+):(\\d{1,5})$', patternDescription: '"host:port", such as "db:5432"' },
        ],
      },
    },
    portsAttributes: {
      type: 'object',
      description: 'Settings per forwarded port, keyed by a port (`"3000"`), a range (`"40000-55000"`) or a regular expression matched against the process\'s command line.',
      patternProperties: { '.+': { type: 'object', additionalProperties: false, properties: PORT_ATTRIBUTES } },
      additionalProperties: false,
    },
    otherPortsAttributes: {
      type: 'object',
      additionalProperties: false,
      properties: PORT_ATTRIBUTES,
      description: 'Settings for every forwarded port that portsAttributes does not name.',
    },
    appPort: {
      anyOf: [{ type: 'integer' }, { type: 'string' }, { type: 'array', items: { anyOf: [{ type: 'integer' }, { type: 'string' }] } }],
      description:
        'Ports published when the container is created: a number publishes that port on 127.0.0.1, a string is a Docker `-p` value such as `"8000:8010"`. ' +
        'Prefer forwardPorts.',
      onlyFor: CONTAINER_SOURCE_KINDS,
      onlyForMessage: NOT_FOR_COMPOSE,
    },

    // Lifecycle.
    initializeCommand: lifecycleCommand('Runs **on the host** before anything else, each time the container is created or started.'),
    onCreateCommand: lifecycleCommand('Runs in the container once, right after it is created.'),
    updateContentCommand: lifecycleCommand('Runs in the container after onCreateCommand, and again when the workspace content is updated.'),
    postCreateCommand: lifecycleCommand('Runs in the container once, after updateContentCommand, when the tool has attached.'),
    postStartCommand: lifecycleCommand('Runs in the container each time it starts.'),
    postAttachCommand: lifecycleCommand('Runs in the container each time a tool attaches.'),
    waitFor: {
      type: 'string',
      enum: ['initializeCommand', 'onCreateCommand', 'updateContentCommand', 'postCreateCommand', 'postStartCommand'],
      default: 'updateContentCommand',
      description: 'The lifecycle command the tool waits for before it connects; later ones run in the background.',
    },
    overrideCommand: {
      type: 'boolean',
      description: 'Replace the image\'s command with one that keeps the container running. Default: true, or false for a compose config.',
    },
    shutdownAction: {
      type: 'string',
      enum: ['none', 'stopContainer'],
      default: 'stopContainer',
      description: 'What happens when the editor closes: stop the container, or nothing.',
      variants: { compose: { enum: ['none', 'stopCompose'], default: 'stopCompose', description: 'What happens when the editor closes: stop every compose service, or nothing.' } },
    },
    runArgs: {
      type: 'array',
      items: { type: 'string' },
      description: 'More `docker run` arguments, one per string.',
      onlyFor: CONTAINER_SOURCE_KINDS,
      onlyForMessage: NOT_FOR_COMPOSE,
    },
    workspaceFolder: {
      type: 'string',
      description: 'The folder the editor opens in the container. Default: /workspaces/ and the project folder\'s name; required with dockerComposeFile.',
    },
    workspaceMount: {
      type: 'string',
      description: 'The `--mount` value that mounts the project into the container. Default: a bind mount at /workspaces/ and the project folder\'s name.',
      onlyFor: CONTAINER_SOURCE_KINDS,
      onlyForMessage: NOT_FOR_COMPOSE,
    },

    customizations: {
      type: 'object',
      description: 'Settings for each tool, under the tool\'s name (`vscode`, `codespaces`, `hutch` ...).',
      additionalProperties: true,
      properties: {
        hutch: HUTCH_CUSTOMIZATIONS_SCHEMA,
        vscode: {
          type: 'object',
          description: 'Settings for VS Code.',
          properties: {
            extensions: { type: 'array', items: { type: 'string' }, description: 'Extensions to install in the container, by id (`publisher.name`).' },
            settings: { type: 'object', description: 'Default settings (settings.json) in the container.' },
          },
        },
        codespaces: { type: 'object', description: 'Settings for GitHub Codespaces.' },
      },
    },

    // Deprecated top-level VS Code keys (VS Code's devContainer.vscode.schema.json still accepts them).
    extensions: {
      type: 'array',
      items: { type: 'string' },
      deprecated: 'use customizations.vscode.extensions',
      description: 'Extensions to install in VS Code (deprecated: use customizations.vscode.extensions).',
    },
    settings: { type: 'object', deprecated: 'use customizations.vscode.settings', description: 'VS Code settings (deprecated: use customizations.vscode.settings).' },
    devPort: { type: 'integer', deprecated: 'VS Code picks the port of its server itself', description: 'The port VS Code\'s server listens on (deprecated).' },
  },
};
