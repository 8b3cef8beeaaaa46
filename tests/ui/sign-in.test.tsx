import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ERROR_TEXTS } from '../../shared/errors';
import { apiError, createFakeApi, json } from './fake-api';
import { makeSession } from './builders';
import { renderApp } from './render';

function signedOutApi() {
  return createFakeApi({ session: null });
}

describe('sign-in page', () => {
  it('shows the labelled form under the heading "Tern"', async () => {
    renderApp({ path: '/sign-in', api: signedOutApi() });
    expect(screen.getByRole('heading', { name: 'Tern' })).toBeTruthy();
    expect(screen.getByLabelText('Email address')).toBeTruthy();
    expect(screen.getByLabelText('Password')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Sign in' })).toBeTruthy();
  });

  it("shows the server's message when the credentials are wrong", async () => {
    const api = signedOutApi();
    api.on('POST /api/session', () => apiError(401, 'bad_credentials', ERROR_TEXTS.badCredentials));
    const { user, currentPath } = renderApp({ path: '/sign-in', api });

    await user.type(screen.getByLabelText('Email address'), 'joy@mt-example.com');
    await user.type(screen.getByLabelText('Password'), 'wrong');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe(ERROR_TEXTS.badCredentials);
    expect(api.callsTo('POST', '/api/session')[0]?.body).toEqual({ email: 'joy@mt-example.com', password: 'wrong' });
    // A wrong password is not a session that ended: the user stays on the form.
    expect(currentPath()).toBe('/sign-in');
  });

  it('shows the throttling message as the server words it', async () => {
    const api = signedOutApi();
    api.on('POST /api/session', () => apiError(429, 'throttled', ERROR_TEXTS.throttled));
    const { user } = renderApp({ path: '/sign-in', api });

    await user.type(screen.getByLabelText('Email address'), 'joy@mt-example.com');
    await user.type(screen.getByLabelText('Password'), 'secret');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    expect((await screen.findByRole('alert')).textContent).toBe(ERROR_TEXTS.throttled);
  });

  it('disables the button while signing in, then opens Mail', async () => {
    const api = signedOutApi();
    let answer: (response: Response) => void = () => {};
    api.on('POST /api/session', () => new Promise<Response>((resolve) => (answer = resolve)));
    const { user, currentPath } = renderApp({ path: '/sign-in', api });

    await user.type(screen.getByLabelText('Email address'), 'joy@mt-example.com');
    await user.type(screen.getByLabelText('Password'), 'secret');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    await waitFor(() => expect((screen.getByRole('button', { name: 'Sign in' }) as HTMLButtonElement).disabled).toBe(true));
    api.state.session = makeSession();
    answer(json(200, makeSession()));

    expect(await screen.findByRole('tree', { name: 'Folders' })).toBeTruthy();
    expect(currentPath()).toBe('/mail');
  });

  it('asks for a full address before calling the server', async () => {
    const api = signedOutApi();
    const { user } = renderApp({ path: '/sign-in', api });

    await user.type(screen.getByLabelText('Email address'), 'joy');
    await user.type(screen.getByLabelText('Password'), 'secret');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    expect((await screen.findByRole('alert')).textContent).toMatch(/full email address/);
    expect(api.callsTo('POST', '/api/session')).toHaveLength(0);
  });

  it('sends a signed-out visitor from Mail to the sign-in page', async () => {
    const { currentPath } = renderApp({ path: '/mail', api: signedOutApi() });
    expect(await screen.findByRole('button', { name: 'Sign in' })).toBeTruthy();
    expect(currentPath()).toBe('/sign-in');
  });
});
