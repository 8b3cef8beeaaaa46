import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client';
import { appInChromium } from '../support/browser';
import { createTestUser, deliver, REPO_DIR, type TestUser } from '../support/stack';

/**
 * Issue 16: one app on a phone, a tablet and a desktop. Each width walks the
 * seed guide's tasks (sign in, open a message, reply and send, go back,
 * delete with undo, Contacts, Calendar) and keeps a screenshot for the README.
 */
const WIDTHS = [
  { name: 'phone', viewport: { width: 390, height: 844 }, touch: true },
  { name: 'tablet', viewport: { width: 820, height: 1180 }, touch: true },
  { name: 'desktop', viewport: { width: 1440, height: 900 }, touch: false },
] as const;

/** Everything a finger or pointer aims at that is smaller than 44×44 px and on screen. */
function smallTargets(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const selector =
      'button, a[href], select, [role="option"], [role="treeitem"], input:not([type="hidden"], [type="checkbox"], [type="radio"], [type="file"], [type="color"])';
    return [...document.querySelectorAll<HTMLElement>(selector)]
      .filter((element) => {
        const box = element.getBoundingClientRect();
        const onScreen = box.width > 1 && box.height > 1 && box.bottom > 0 && box.top < innerHeight && box.right > 0 && box.left < innerWidth;
        return onScreen && getComputedStyle(element).visibility === 'visible' && (box.width < 44 || box.height < 44);
      })
      .map((element) => {
        const box = element.getBoundingClientRect();
        const name = element.getAttribute('aria-label') ?? element.textContent?.trim().slice(0, 30) ?? '';
        return `${element.tagName.toLowerCase()} "${name}" ${Math.round(box.width)}×${Math.round(box.height)}`;
      });
  });
}

/** The page never scrolls sideways: what does not fit scrolls inside its own pane. */
function sidewaysOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

async function signIn(page: Page, url: string, user: TestUser): Promise<void> {
  await page.goto(url);
  await page.getByLabel('Email address').fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('option', { name: /Quarterly report/ }).waitFor();
}

describe('Tern on a phone, a tablet and a desktop (Chromium)', () => {
  const app = appInChromium();

  async function seededUser(): Promise<TestUser> {
    const user = await createTestUser('screens');
    const api = new ApiClient(app.bff.url);
    await api.signIn(user.email, user.password);
    await api.json('PUT', '/api/preferences/sending', { undoSendSeconds: 0 });
    // The browser's sign-in after this one is a new browser: its notice mail would land in the Inbox mid-test.
    await api.json('PUT', '/api/security/settings', { signInNotice: false });
    await deliver(user.email, {
      from: 'Tern Weekly <news@mt-example.com>',
      subject: 'Your weekly digest',
      // A newsletter laid out for 640 px, wider than a phone.
      html: '<table width="640" style="width:640px"><tr><td><h1>This week</h1><p>Three things worth reading.</p></td></tr></table>',
    });
    await deliver(user.email, { from: 'Ada Lovelace <ada@mt-example.com>', subject: 'Lunch on Friday?', text: 'Shall we try the new place?\n\nAda' });
    await deliver(user.email, {
      from: 'Ada Lovelace <ada@mt-example.com>',
      subject: 'Quarterly report',
      text: 'Hi,\n\nthe report is attached. The numbers look good this quarter.\n\nAda',
    });
    return user;
  }

  for (const { name, viewport, touch } of WIDTHS) {
    it(`${name} (${viewport.width}×${viewport.height}): reads, replies, goes back, deletes with undo, opens Contacts and Calendar`, async () => {
      const user = await seededUser();
      const context = await app.browser.newContext({ viewport, hasTouch: touch, colorScheme: 'light' });
      const page = await context.newPage();
      await signIn(page, app.bff.url, user);
      expect(await sidewaysOverflow(page)).toBe(0);

      const folders = page.getByRole('tree');
      if (touch) {
        // Folders wait in a drawer behind the menu button.
        expect(await folders.isVisible()).toBe(false);
        await page.getByRole('button', { name: 'Folders', exact: true }).click();
        await page.getByRole('treeitem', { name: /^Inbox/ }).click();
        await expect.poll(() => folders.isVisible()).toBe(false);
        expect(await smallTargets(page)).toEqual([]);
      } else {
        expect(await folders.isVisible()).toBe(true);
        expect(await page.getByRole('button', { name: 'Folders', exact: true }).isVisible()).toBe(false);
      }

      await page.getByRole('option', { name: /Your weekly digest/ }).click();
      const newsletter = page.locator('iframe[title="Message body: Your weekly digest"]');
      await page.frameLocator('iframe[title="Message body: Your weekly digest"]').getByText('Three things worth reading.').waitFor();
      // Mail laid out wider than the pane is scaled to its width.
      const frameBox = await newsletter.boundingBox();
      expect(frameBox!.x + frameBox!.width).toBeLessThanOrEqual(viewport.width);
      const frameFits = await newsletter.evaluate((frame: HTMLIFrameElement) => {
        const doc = frame.contentDocument!.documentElement;
        return doc.scrollWidth <= frame.clientWidth + 1;
      });
      expect(frameFits).toBe(true);
      expect(await sidewaysOverflow(page)).toBe(0);

      const list = page.getByRole('listbox', { name: /^Messages in/ });
      if (name === 'phone') {
        await page.getByRole('button', { name: 'Back to list' }).click();
        await list.waitFor();
      }
      await page.getByRole('option', { name: /Quarterly report/ }).click();
      await page.getByText('The numbers look good this quarter.').waitFor();
      if (name === 'phone') expect(await list.isVisible()).toBe(false);
      else expect(await list.isVisible()).toBe(true);
      await page.screenshot({ path: path.join(REPO_DIR, `docs/screenshot-${name}.png`), animations: 'disabled' });

      await page.getByRole('button', { name: 'Reply', exact: true }).click();
      const compose = page.getByRole('dialog', { name: 'Reply' });
      await compose.getByRole('textbox', { name: 'Message' }).click();
      await page.keyboard.type('Thanks, looks good.');
      if (name === 'phone') {
        // Full screen on a phone, docked on a desktop; the text survives the change of layout.
        expect((await compose.boundingBox())!.width).toBe(viewport.width);
        await page.setViewportSize({ width: 1440, height: 900 });
        expect((await compose.boundingBox())!.width).toBeLessThan(700);
        await page.setViewportSize(viewport);
        expect(await compose.getByRole('textbox', { name: 'Message' }).textContent()).toContain('Thanks, looks good.');
        expect(await smallTargets(page)).toEqual([]);
      }
      await compose.getByRole('button', { name: 'Send Email' }).click();
      await page.getByText('Message sent.').waitFor({ timeout: 15_000 });

      if (name === 'phone') {
        await page.getByRole('button', { name: 'Back to list' }).click();
        await list.waitFor();
        expect(await smallTargets(page)).toEqual([]);
      }
      await page.getByRole('option', { name: /Lunch on Friday/ }).click();
      await page.getByRole('button', { name: 'Delete' }).click();
      const toast = page.locator('.toast', { hasText: '1 message moved to Trash' });
      await toast.getByRole('button', { name: 'Undo' }).click();
      await page.getByText('1 message moved back to Inbox').waitFor();
      await page.getByRole('option', { name: /Lunch on Friday/ }).waitFor({ timeout: 10_000 });

      await page.getByRole('link', { name: 'Contacts' }).click();
      await page.getByRole('button', { name: 'New Contact' }).click();
      await page.getByLabel('First Name').waitFor();
      if (name === 'phone') {
        expect(await page.getByRole('listbox', { name: 'Contact list' }).isVisible()).toBe(false);
        await page.getByRole('button', { name: 'Back to contacts' }).click();
        await page.getByRole('searchbox', { name: 'Search contacts' }).waitFor();
      }
      expect(await sidewaysOverflow(page)).toBe(0);

      await page.getByRole('link', { name: 'Calendar' }).click();
      await page.getByRole('tab', { name: 'Month view' }).waitFor();
      // A phone opens on one day; month stays a tap away.
      await page.getByRole('tab', { name: name === 'phone' ? 'Day view' : 'Week view', selected: true }).waitFor();
      await page.getByRole('tab', { name: 'Month view' }).click();
      await page.getByRole('tab', { name: 'Month view', selected: true }).waitFor();
      expect(await sidewaysOverflow(page)).toBe(0);
      if (touch) expect(await smallTargets(page)).toEqual([]);
      await context.close();
    });
  }
});
