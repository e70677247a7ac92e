import { randomBytes } from 'node:crypto';

import { graphqlErrorCode, spreadRequests, timedPost, type Answer } from './timed-request';

const REGISTER = `mutation ($input: RegisterCustomerInput!) {
    registerCustomerAccount(input: $input) { __typename }
}`;

const RESET = `mutation ($email: String!) {
    requestPasswordReset(emailAddress: $email) { __typename }
}`;

export const REGISTRATIONS = 60;
export const RESET_REQUESTS = 20;

function outcome(_: number, body: string): string | undefined {
    try {
        const parsed = JSON.parse(body) as { data?: Record<string, { __typename: string } | null> };
        const result = parsed.data && Object.values(parsed.data)[0];
        return result?.__typename ?? graphqlErrorCode(body);
    } catch {
        return 'not JSON';
    }
}

/**
 * Anonymous mutations that hash a password (registerCustomerAccount: bcrypt) or send an e-mail
 * (requestPasswordReset), in bulk from one address: 60 registrations of new addresses and 20
 * resets, ten at a time, over at least 5 s.
 */
export function sendPasswordMutations(baseUrl: string, existingEmail: string): Promise<Answer[]> {
    const tag = randomBytes(4).toString('hex');
    return spreadRequests({ total: REGISTRATIONS + RESET_REQUESTS, concurrency: 10, minDurationMs: 5_000 }, i => {
        const body =
            i < REGISTRATIONS
                ? {
                      query: REGISTER,
                      variables: {
                          input: { emailAddress: `bulk-${tag}-${i}@example.com`, firstName: 'Bulk', lastName: String(i), password: `pw-${tag}-${i}-long` },
                      },
                  }
                : { query: RESET, variables: { email: existingEmail } };
        return timedPost(`${baseUrl}/shop-api`, JSON.stringify(body), { classify: outcome });
    });
}
