// Who may do what in a workspace: the roles of its members and the titles of its leaders. Plain
// constants, so the command line can name them in its help without loading the database layer.

export const MEMBER_ROLES = ['admin', 'leader', 'manager', 'rep'] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];

/** Leader titles; definitions need the approval of vp_sales and cro (seed 1d). */
export const LEADER_TITLES = ['vp_sales', 'cro', 'finance'] as const;
export type LeaderTitle = (typeof LEADER_TITLES)[number];
