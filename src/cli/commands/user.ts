// `quotaplan user add`: create a person who can sign in, with their role in the workspace. The
// first admin is made this way; later ones through the API.

import { randomBytes } from 'node:crypto';
import type { Command } from 'commander';
import { LEADER_TITLES, MEMBER_ROLES } from '../../core/workflow/members.ts';
import type { LeaderTitle, MemberRole } from '../../core/workflow/members.ts';
import { addDbOption, checkChoice, writeErr, writeOut } from '../options.ts';
import { renderIssues } from '../render.ts';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

export function registerUser(program: Command): void {
  const user = program.command('user').description('Manage the people who can sign in.');
  const add = user
    .command('add')
    .description(
      'Create a user with a role in the workspace (admin, leader, manager or rep). Without --password-stdin a random password is generated and printed once.',
    )
    .requiredOption('--email <email>', 'the e-mail they sign in with')
    .requiredOption('--role <role>', MEMBER_ROLES.join(', '))
    .option('--name <name>', 'their name (default: the part of the e-mail before @)')
    .option('--title <title>', `leaders only: ${LEADER_TITLES.join(', ')}`)
    .option('--rep <id>', 'managers and reps: their rep id (default: the rep with this e-mail)')
    .option('--password-stdin', 'read the password from standard input');
  addDbOption(add).action(
    async (options: {
      email: string;
      role: string;
      name?: string;
      title?: string;
      rep?: string;
      passwordStdin?: boolean;
      db?: string;
    }) => {
      const { createAuthFromEnvironment } = await import('../../server/auth/index.ts');
      const { addMember } = await import('../../server/members.ts');
      const { WorkflowError } = await import('../../services/workflow/errors.ts');
      const { openWorkspaceDatabase, workspaceIn } = await import('../../services/workspace.ts');
      checkChoice(add, 'role', options.role, MEMBER_ROLES);
      if (options.title !== undefined) checkChoice(add, 'title', options.title, LEADER_TITLES);
      const generated = options.passwordStdin !== true;
      const password = generated ? randomBytes(15).toString('base64url') : await readStdin();
      const { database, location } = await openWorkspaceDatabase({
        env: process.env,
        db: options.db,
      });
      try {
        const { auth } = await createAuthFromEnvironment(
          database,
          process.env,
          'http://localhost:3000',
        );
        const workspace = await workspaceIn(database, location, undefined);
        const added = await addMember(
          auth,
          workspace,
          { userId: null, email: 'quotaplan user add (command line)' },
          {
            email: options.email,
            name: options.name ?? options.email.split('@')[0] ?? options.email,
            password,
            role: options.role as MemberRole,
            title: (options.title ?? null) as LeaderTitle | null,
            repId: options.rep ?? null,
          },
        );
        let out = `${added.created ? 'Created' : 'Updated'} ${options.email.trim().toLowerCase()} as ${options.role}`;
        out += added.repId === null ? '' : ` (rep ${added.repId})`;
        out += ` in ${location}\n`;
        if (added.created && generated) out += `Password (shown once): ${password}\n`;
        writeOut(out);
      } catch (error) {
        if (!(error instanceof WorkflowError)) throw error;
        writeErr(
          error.issues.length > 0 ? renderIssues([...error.issues]) : `error: ${error.message}\n`,
        );
        process.exitCode = 1;
      } finally {
        await database.close();
      }
    },
  );
}
