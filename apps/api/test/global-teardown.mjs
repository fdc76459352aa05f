// Jest globalTeardown: drops the template database and stops the embedded server started by globalSetup.
export default async function globalTeardown() {
  await globalThis.__drainboardTestPostgres?.stop();
}
