import { graphqlErrorCode, timedPost, type Answer } from './timed-request';

const LOGIN = `mutation ($username: String!, $password: String!) {
    login(username: $username, password: $password) { __typename }
}`;

/** A login's outcome: the result's __typename (CurrentUser, InvalidCredentialsError, …) or the error code. */
function loginOutcome(_: number, body: string): string | undefined {
    try {
        const parsed = JSON.parse(body) as { data?: { login?: { __typename: string } } };
        return parsed.data?.login?.__typename ?? graphqlErrorCode(body);
    } catch {
        return 'not JSON';
    }
}

export const CORRECT_LOGINS = 20;
export const WRONG_LOGINS = 50;
/** What the issue allows of a concurrent burst of wrong passwords for one identifier. */
export const MAX_WRONG_PASSWORDS_CHECKED = 10;

const login = (url: string, username: string, password: string, legitimate: boolean) =>
    timedPost(url, JSON.stringify({ query: LOGIN, variables: { username, password } }), { classify: loginOutcome, legitimate });

/**
 * The superadmin logging in 20 times at once from one address (an office behind one NAT address,
 * a load test's set-up): every one must succeed. Legitimate, so not held to the 1 s of an attack:
 * 20 bcrypt checks take seconds of CPU on two cores.
 */
export function sendCorrectLogins(baseUrl: string, username: string, password: string): Promise<Answer[]> {
    return Promise.all(Array.from({ length: CORRECT_LOGINS }, () => login(`${baseUrl}/admin-api`, username, password, true)));
}

/** 50 wrong passwords for one customer, all at once, on the Shop API. */
export function sendWrongLogins(baseUrl: string, identifier: string): Promise<Answer[]> {
    return Promise.all(
        Array.from({ length: WRONG_LOGINS }, (_, i) => login(`${baseUrl}/shop-api`, identifier, `wrong-password-${i}`, false)),
    );
}
