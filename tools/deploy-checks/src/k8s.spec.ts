import { readdirSync } from 'node:fs';
import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IConfigMap } from 'kubernetes-models/v1/ConfigMap';
import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import type { IJob } from 'kubernetes-models/batch/v1/Job';
import type { IHorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import type { IPodSpec } from 'kubernetes-models/v1/PodSpec';
import type { IProbe } from 'kubernetes-models/v1/Probe';
import type { ISecret } from 'kubernetes-models/v1/Secret';
import type { IService } from 'kubernetes-models/v1/Service';
import { APP_NAMES, loadAppEnvironments } from './environment-classes';
import { unknownFieldErrors, type Manifest } from './unknown-fields';
import { defined, fromRoot, readYaml, readYamlDocuments } from './workspace';

const K8S = 'docker/k8s';
const SECRET_TEMPLATE = 'secret.template.yaml';
const manifestFiles = readdirSync(fromRoot(K8S)).filter((name) => name.endsWith('.yaml') && name !== 'kustomization.yaml');
const manifests: Manifest[] = manifestFiles.flatMap((file) =>
  readYamlDocuments<Manifest['document']>(`${K8S}/${file}`).map((document) => ({ file, document })),
);
const ofKind = <T>(kind: string) => manifests.filter((m) => m.document.kind === kind).map((m) => m.document as unknown as T);

const deployments = ofKind<IDeployment>('Deployment');
const services = ofKind<IService>('Service');
const configMaps = ofKind<IConfigMap>('ConfigMap');
const jobs = ofKind<IJob>('Job');
const autoscalers = ofKind<IHorizontalPodAutoscaler>('HorizontalPodAutoscaler');
const secrets = ofKind<ISecret>('Secret');
const environments = loadAppEnvironments();

const podSpecOf = (workload: IDeployment | IJob): IPodSpec =>
  defined(workload.spec?.template.spec, `pod spec of ${workload.metadata?.name}`);
const containersOf = (workload: IDeployment | IJob) => [
  ...(podSpecOf(workload).initContainers ?? []),
  ...podSpecOf(workload).containers,
];
/** `mini-commerce/order` → its app's environment class; the image says which app a container runs. */
const environmentOf = (container: IContainer) =>
  defined(environments.get(container.image?.replace(/^mini-commerce\//, '') ?? ''), `app of image ${container.image}`);
const configMapKeys = (name: string) =>
  Object.keys(defined(configMaps.find((c) => c.metadata?.name === name), `ConfigMap ${name}`).data ?? {});
const environmentNames = (container: IContainer) => [
  ...(container.env ?? []).map((variable) => variable.name),
  ...(container.envFrom ?? []).flatMap((source) => configMapKeys(source.configMapRef?.name ?? '')),
];

/**
 * kubernetes-models validates against the Kubernetes OpenAPI schemas, compiled into the package
 * (nothing is downloaded). 4.5 is its last CommonJS release (5.x is ESM-only, which Jest here
 * cannot load); it trails current Kubernetes, so a field newer than it would fail as unknown.
 */
function schemaErrors({ document }: Manifest): string | undefined {
  const models = require(`kubernetes-models/${document.apiVersion}/${document.kind}`);
  const model = new models[document.kind](document);
  try {
    model.validate();
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

describe(K8S, () => {
  it.each(manifests.map((m) => [`${m.file}: ${m.document.kind} ${(m.document['metadata'] as { name: string }).name}`, m]))(
    '%s is valid against the Kubernetes schema',
    (_, manifest) => {
      expect(schemaErrors(manifest as Manifest)).toBeUndefined();
    },
  );

  it('has no unknown fields (misspelt or misplaced keys)', () => {
    expect(unknownFieldErrors(manifests)).toEqual([]);
  }, 60_000);

  it('lists every manifest in kustomization.yaml except the Secret template', () => {
    const { resources } = readYaml<{ resources: string[] }>(`${K8S}/kustomization.yaml`);
    expect([...resources].sort()).toEqual(manifestFiles.filter((file) => file !== SECRET_TEMPLATE).sort());
  });

  it('runs each of the four apps as a Deployment behind a Service', () => {
    expect(deployments.map((d) => d.metadata?.name).sort()).toEqual([...APP_NAMES]);
    for (const deployment of deployments) {
      const name = deployment.metadata?.name;
      const service = defined(services.find((s) => s.metadata?.name === name), `Service ${name}`);
      expect(deployment.spec?.template.metadata?.labels).toMatchObject(service.spec?.selector ?? { selector: 'missing' });
      const portNames = podSpecOf(deployment).containers.flatMap((c) => c.ports ?? []).map((p) => p.name);
      for (const port of service.spec?.ports ?? []) expect(portNames).toContain(port.targetPort);
    }
  });

  describe.each(APP_NAMES)('Deployment %s', (app) => {
    const deployment = defined(deployments.find((d) => d.metadata?.name === app), `Deployment ${app}`);
    const [container] = podSpecOf(deployment).containers;
    const { httpPort } = defined(environments.get(app), `environment class of ${app}`);
    // A probe's port is a number or the name of a container port; either must be the HTTP port.
    const probePort = (probe: IProbe | undefined) => {
      const port = probe?.httpGet?.port;
      return typeof port === 'number' ? port : container.ports?.find((p) => p.name === port)?.containerPort;
    };

    it('runs the app image', () => {
      expect(podSpecOf(deployment).containers).toHaveLength(1);
      expect(container.image).toBe(`mini-commerce/${app}`);
    });

    it('probes /health/live (liveness, startup) and /health/ready (readiness) on its HTTP port', () => {
      expect(container.livenessProbe?.httpGet?.path).toBe('/health/live');
      expect(container.readinessProbe?.httpGet?.path).toBe('/health/ready');
      expect(probePort(container.livenessProbe)).toBe(httpPort);
      expect(probePort(container.readinessProbe)).toBe(httpPort);
      if (container.startupProbe) {
        expect(container.startupProbe.httpGet?.path).toBe('/health/live');
        expect(probePort(container.startupProbe)).toBe(httpPort);
      }
    });
  });

  it('sets requests and limits for CPU and memory on every container', () => {
    for (const container of [...deployments, ...jobs].flatMap(containersOf)) {
      expect(container.resources?.requests).toEqual(expect.objectContaining({ cpu: expect.anything(), memory: expect.anything() }));
      expect(container.resources?.limits).toEqual(expect.objectContaining({ cpu: expect.anything(), memory: expect.anything() }));
    }
  });

  it('meets the restricted Pod Security Standard that namespace.yaml enforces', () => {
    for (const workload of [...deployments, ...jobs]) {
      expect(podSpecOf(workload).securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
      for (const container of containersOf(workload))
        expect(container.securityContext).toMatchObject({ allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
    }
  });

  it('gives each container only variables its app declares, from the env or its ConfigMaps', () => {
    const undeclared = [...deployments, ...jobs]
      .flatMap(containersOf)
      .flatMap((container) => environmentNames(container).filter((name) => !environmentOf(container).variables.has(name)).map((name) => `${container.name}: ${name}`));
    expect(undeclared).toEqual([]);
  });

  it('puts in ConfigMaps only declared, non-secret variables', () => {
    const declared = new Set([...environments.values()].flatMap((e) => [...e.variables]));
    const keys = configMaps.flatMap((c) => Object.keys(c.data ?? {}));
    expect(keys.filter((key) => !declared.has(key))).toEqual([]);
    expect(keys.filter((key) => key === 'DATABASE_URL' || key === 'REDIS_URL')).toEqual([]);
  });

  it('takes DATABASE_URL and REDIS_URL from keys the Secret template defines, never literally', () => {
    const templateKeys = Object.keys(secrets[0]?.stringData ?? {});
    for (const container of [...deployments, ...jobs].flatMap(containersOf)) {
      for (const variable of (container.env ?? []).filter((v) => v.name === 'DATABASE_URL' || v.name === 'REDIS_URL')) {
        expect(variable.value).toBeUndefined();
        expect(templateKeys).toContain(variable.valueFrom?.secretKeyRef?.key);
      }
    }
  });

  it('keeps real values out of the Secret template: placeholders only', () => {
    expect(secrets).toHaveLength(1);
    expect(manifests.find((m) => m.document.kind === 'Secret')?.file).toBe(SECRET_TEMPLATE);
    for (const value of Object.values(secrets[0].stringData ?? {})) expect(value).toMatch(/<password>/);
    expect(secrets[0].data).toBeUndefined();
  });

  it('migrates in a Job: order, then payment, each `node migrate.js` in its own image', () => {
    expect(jobs).toHaveLength(1);
    const spec = podSpecOf(jobs[0]);
    // An init container runs to completion before the next: the two must not run in parallel.
    expect([...(spec.initContainers ?? []), ...spec.containers].map((c) => [c.image, c.command])).toEqual([
      ['mini-commerce/order', ['node', 'migrate.js']],
      ['mini-commerce/payment', ['node', 'migrate.js']],
    ]);
  });

  it('autoscales queue-worker and client-bff with autoscaling/v2, leaving them no fixed replicas', () => {
    expect(autoscalers.map((hpa) => hpa.spec?.scaleTargetRef.name).sort()).toEqual(['client-bff', 'queue-worker']);
    for (const hpa of autoscalers) {
      expect(hpa.apiVersion).toBe('autoscaling/v2');
      const name = hpa.spec?.scaleTargetRef.name;
      const target = defined(deployments.find((d) => d.metadata?.name === name), `Deployment ${name}`);
      expect(target.spec?.replicas).toBeUndefined();
    }
  });
});
