// A host name as the settings, the CLI and the worker accept it for allow- and blocklists.
// The worker turns these lists into a browser switch (`--host-resolver-rules`), so nothing but
// a plain name or IPv4 address may pass: no commas, spaces, wildcards or ports.
import { z } from 'zod';

/** Letters, digits and hyphens in dot-separated labels (an international name in punycode). */
const HOST_NAME = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/;

export const HostNameSchema = z
  .string({ error: 'must be a host name' })
  .trim()
  .toLowerCase()
  .regex(HOST_NAME, { error: (issue) => `${JSON.stringify(issue.input)} is not a host name (like ads.example.com)` });
