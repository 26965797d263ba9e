import https from 'node:https';
import type { Server } from 'node:http';
import { Container, ContainerRequest, CosmosClient, Database } from '@azure/cosmos';
import containers from './containers.json';
import { startEmbeddedCosmosServer } from './embedded-server';
import type { Config } from '../config';

/**
 * The containers the bot uses, with partition keys and indexing exactly as the code queries
 * them. Kept as JSON so that infra/main.bicep deploys the very same definitions. Only what the
 * bot queries is indexed; the child's details and accounts never are. TTL is on with no
 * default (-1): only closed disputes, which set their own `ttl`, expire.
 */
export const CONTAINERS = containers as { disputes: ContainerRequest; sequences: ContainerRequest; people: ContainerRequest };

/** Well known, published key of the Cosmos DB emulator; the embedded server accepts any key. */
const EMULATOR_KEY = 'C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==';

export interface StoreConnection {
  database: Database;
  disputes: Container;
  sequences: Container;
  /** Absences people record ("away"), one item per person. */
  people: Container;
  /** Where the data lives, for the start-up message. */
  description: string;
  embedded: boolean;
  close(): Promise<void>;
}

/**
 * A person waits for a card press: the store's throttling (429) is retried as its retry-after
 * says, but never for longer than a press can wait, and a request that hangs is given up.
 */
const CONNECTION_POLICY = {
  requestTimeout: 10_000,
  retryOptions: { maxRetryAttemptCount: 6, fixedRetryIntervalInMilliseconds: 0, maxWaitTimeInSeconds: 3 },
};

async function clientFor(cosmos: Config['cosmos']): Promise<{ client: CosmosClient; server?: Server; description: string }> {
  if (cosmos.kind === 'embedded') {
    const { server, endpoint } = await startEmbeddedCosmosServer();
    // HTTP on loopback: endpoint discovery would follow the server's https address list.
    const client = new CosmosClient({ endpoint, key: EMULATOR_KEY, connectionPolicy: { ...CONNECTION_POLICY, enableEndpointDiscovery: false } });
    return { client, server, description: `embedded Cosmos DB protocol server at ${endpoint}` };
  }
  const agent = cosmos.allowSelfSignedCertificate ? new https.Agent({ rejectUnauthorized: false }) : undefined;
  // A plain-HTTP endpoint (a standalone local server) advertises https addresses: do not follow them.
  const connectionPolicy = cosmos.endpoint.startsWith('http://') ? { ...CONNECTION_POLICY, enableEndpointDiscovery: false } : CONNECTION_POLICY;
  if (cosmos.key) {
    return { client: new CosmosClient({ endpoint: cosmos.endpoint, key: cosmos.key, connectionPolicy, ...(agent ? { agent } : {}) }), description: `Cosmos DB at ${new URL(cosmos.endpoint).host} (key)` };
  }
  const { DefaultAzureCredential } = await import('@azure/identity');
  return {
    client: new CosmosClient({ endpoint: cosmos.endpoint, aadCredentials: new DefaultAzureCredential(), connectionPolicy, ...(agent ? { agent } : {}) }),
    description: `Cosmos DB at ${new URL(cosmos.endpoint).host} (managed identity)`,
  };
}

/** Connect and create the database and containers when they are missing. */
export async function connectStore(cosmos: Config['cosmos']): Promise<StoreConnection> {
  const { client, server, description } = await clientFor(cosmos);
  const { database } = await client.databases.createIfNotExists({ id: cosmos.database });
  const { container: disputes } = await database.containers.createIfNotExists(CONTAINERS.disputes);
  const { container: sequences } = await database.containers.createIfNotExists(CONTAINERS.sequences);
  const { container: people } = await database.containers.createIfNotExists(CONTAINERS.people);
  return {
    database,
    disputes,
    sequences,
    people,
    description,
    embedded: cosmos.kind === 'embedded',
    async close() {
      client.dispose();
      if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
      server?.closeAllConnections?.();
    },
  };
}
