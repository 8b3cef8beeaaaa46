import type { BrowserContext, CDPSession, Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client';
import { appInChromium, messageRow } from '../support/browser';
import { createTestUser, deliver, type TestUser } from '../support/stack';

/*
 * Issue 16 on touch screens and at large text: the list's gestures (use-row-gestures.tsx)
 * driven by real touch input, the phone's action bar, 200 % zoom and text size.
 */

/** A finger on the screen, through Chromium's own touch input (touch-action and pointer events as on a phone). */
class Finger {
  private constructor(private readonly cdp: CDPSession) {}

  static async on(context: BrowserContext, page: Page): Promise<Finger> {
    return new Finger(await context.newCDPSession(page));
  }

  async down(x: number, y: number): Promise<void> {
    await this.cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x, y }] });
  }

  /** Moves in small steps, as a finger does. */
  async moveBy(from: { x: number; y: number }, dx: number, dy: number, steps = 12): Promise<void> {
    for (let step = 1; step <= steps; step++) {
      await this.cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x: from.x + (dx * step) / steps, y: from.y + (dy * step) / steps }] });
      await new Promise((resolve) => setTimeout(resolve, 16));
    }
  }

  async up(): Promise<void> {
    await this.cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  }

  async drag(at: { x: number; y: number }, dx: number, dy: number): Promise<void> {
    await this.down(at.x, at.y);
    await this.moveBy(at, dx, dy);
    await this.up();
  }

  async longPress(at: { x: number; y: number }): Promise<void> {
    await this.down(at.x, at.y);
    await new Promise((resolve) => setTimeout(resolve, 800));
    await this.up();
  }

  async tap(at: { x: number; y: number }): Promise<void> {
    await this.down(at.x, at.y);
    await this.up();
  }
}

async function centreOf(locator: Locator): Promise<{ x: number; y: number }> {
  const box = await locator.boundingBox();
  if (!box) throw new Error('not on screen');
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/** Each visible control of the mail action bar, with where it is. */
function actionBarBoxes(page: Page): Promise<Array<{ name: string; top: number; right: number }>> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('.action-bar > button')]
      .filter((button) => button.getClientRects().length > 0)
      .map((button) => {
        const box = button.getBoundingClientRect();
        return { name: button.getAttribute('aria-label') ?? button.textContent?.trim() ?? '', top: Math.round(box.top), right: box.right };
      }),
  );
}

describe('mail on a touch screen (Chromium, 390×844)', () => {
  const app = appInChromium();

  /** Delivered in this order: the last is the newest, on top of the list. */
  async function seededUser(subjects: string[]): Promise<TestUser> {
    const user = await createTestUser('touch');
    const api = new ApiClient(app.bff.url);
    await api.signIn(user.email, user.password);
    await api.json('PUT', '/api/security/settings', { signInNotice: false });
    for (const subject of subjects) await deliver(user.email, { from: 'Ada Lovelace <ada@mt-example.com>', subject, text: `About ${subject}.` });
    return user;
  }

  async function phone(user: TestUser, firstSubject: string, width = 390) {
    const context = await app.browser.newContext({ viewport: { width, height: 844 }, hasTouch: true, isMobile: true });
    const page = await context.newPage();
    // Only a pull may bring new mail in here: the live-update stream would bring it by itself.
    await page.route('**/api/events', (route) => route.abort());
    await page.goto(app.bff.url);
    await page.getByLabel('Email address').fill(user.email);
    await page.getByLabel('Password').fill(user.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await messageRow(page, firstSubject).waitFor();
    return { context, page, finger: await Finger.on(context, page) };
  }

  it('swipes left to delete (Undo brings it back), right to mark read; short or steep drags and the mouse do nothing', async () => {
    const user = await seededUser(['Alpha', 'Bravo', 'Charlie']);
    const { context, page, finger } = await phone(user, 'Charlie');

    // A short swipe snaps back; a steep one is scrolling; a mouse drag is not a swipe.
    await finger.drag(await centreOf(messageRow(page, 'Alpha')), -40, 0);
    await finger.drag(await centreOf(messageRow(page, 'Alpha')), -60, -200);
    const alpha = await centreOf(messageRow(page, 'Alpha'));
    await page.mouse.move(alpha.x, alpha.y);
    await page.mouse.down();
    await page.mouse.move(alpha.x - 250, alpha.y, { steps: 10 });
    await page.mouse.up();
    await page.waitForTimeout(500);
    expect(await page.locator('.toast').count()).toBe(0);
    expect(await page.getByRole('listbox').getByRole('option').count()).toBe(3);
    expect((await messageRow(page, 'Alpha').boundingBox())!.x).toBe(0);

    // Left: the row shows "Delete" in the danger colour while it moves, and goes to Trash on release.
    const bravo = await centreOf(messageRow(page, 'Bravo'));
    await finger.down(bravo.x, bravo.y);
    await finger.moveBy(bravo, -220, 4);
    const reveal = page.locator('.swipe-reveal');
    expect(await reveal.textContent()).toBe('Delete');
    expect(await reveal.evaluate((element) => getComputedStyle(element).backgroundColor)).not.toBe('rgba(0, 0, 0, 0)');
    expect((await messageRow(page, 'Bravo').boundingBox())!.x).toBeLessThan(-150);
    await finger.up();
    const toast = page.locator('.toast', { hasText: '1 message moved to Trash' });
    await toast.waitFor();
    await messageRow(page, 'Bravo').waitFor({ state: 'detached' });
    await toast.getByRole('button', { name: 'Undo' }).click();
    await page.getByText('1 message moved back to Inbox').waitFor();
    await messageRow(page, 'Bravo').waitFor();

    // Right: read; the row no longer says "Unread", and the server agrees.
    const charlie = messageRow(page, 'Charlie');
    expect(await charlie.getAttribute('aria-label')).toContain('Unread');
    await finger.drag(await centreOf(charlie), 200, 0);
    await page.locator('.toast', { hasText: '1 message marked as read' }).waitFor();
    await expect.poll(() => charlie.getAttribute('aria-label')).not.toContain('Unread');
    const api = new ApiClient(app.bff.url);
    await api.signIn(user.email, user.password);
    await expect
      .poll(async () => {
        const window = await api.json<{ items: Array<{ subject: string; flags: { seen: boolean } }> }>('GET', '/api/messages?folder=INBOX&offset=0&limit=10');
        return window.items.find((item) => item.subject === 'Charlie')?.flags.seen;
      })
      .toBe(true);
    await context.close();
  });

  it('a long press selects a row, taps then add rows, and the bar acts on them all', async () => {
    const user = await seededUser(['Alpha', 'Bravo', 'Charlie']);
    const { context, page, finger } = await phone(user, 'Charlie');
    await finger.longPress(await centreOf(messageRow(page, 'Alpha')));
    await expect.poll(() => messageRow(page, 'Alpha').getAttribute('aria-selected')).toBe('true');
    // Still the list: a long press opens nothing.
    expect(await page.getByRole('region', { name: 'Reading pane' }).isVisible()).toBe(false);
    await finger.tap(await centreOf(messageRow(page, 'Charlie')));
    await expect.poll(() => messageRow(page, 'Charlie').getAttribute('aria-selected')).toBe('true');
    expect(await messageRow(page, 'Bravo').getAttribute('aria-selected')).toBe('false');
    await page.getByRole('status').filter({ hasText: '2 selected' }).waitFor();
    await page.getByRole('button', { name: 'Delete' }).click();
    await page.locator('.toast', { hasText: '2 messages moved to Trash' }).waitFor();
    expect(await page.getByRole('listbox').getByRole('option').count()).toBe(1);

    // With nothing selected any more, a tap opens again.
    await finger.tap(await centreOf(messageRow(page, 'Bravo')));
    await page.getByText('About Bravo.').waitFor();
    await context.close();
  });

  it('a pull at the top of the list fetches mail delivered meanwhile, with an indicator', async () => {
    const user = await seededUser(['Alpha']);
    const { context, page, finger } = await phone(user, 'Alpha');
    await deliver(user.email, { from: 'Ada Lovelace <ada@mt-example.com>', subject: 'Delta', text: 'New.' });
    await page.waitForTimeout(1000);
    expect(await messageRow(page, 'Delta').count()).toBe(0);
    // Slow the list's answer so the indicator can be seen while it waits.
    await page.route('**/api/messages?*', async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 800));
      await route.continue();
    });
    const alpha = await centreOf(messageRow(page, 'Alpha'));
    await finger.down(alpha.x, alpha.y);
    await finger.moveBy(alpha, 0, 200);
    await page.getByRole('status').filter({ hasText: 'Release to refresh' }).waitFor();
    await finger.up();
    await page.getByRole('status').filter({ hasText: 'Refreshing…' }).waitFor();
    await messageRow(page, 'Delta').waitFor();
    await page.locator('.pull-indicator.is-refreshing').waitFor({ state: 'detached' });
    await context.close();
  });

  it('a vertical drag scrolls the list (the browser\'s own scrolling), down again too, with no swipe or pull', async () => {
    const subjects = Array.from({ length: 16 }, (_, i) => `Item ${String(i + 1).padStart(2, '0')}`);
    const user = await seededUser(subjects);
    const { context, page, finger } = await phone(user, 'Item 16');
    const scroller = page.locator('.message-list-scroll');
    const scrollTop = () => scroller.evaluate((element) => element.scrollTop);
    const middle = await centreOf(scroller);
    await finger.drag(middle, 0, -300);
    await expect.poll(scrollTop).toBeGreaterThan(100);
    // Let a fling come to rest before the next drag.
    await page.waitForTimeout(1000);
    const scrolled = await scrollTop();
    await finger.drag(middle, 0, 150);
    await expect.poll(scrollTop).toBeLessThan(scrolled);
    expect(await page.locator('.toast').count()).toBe(0);
    expect(await page.locator('.pull-indicator.is-refreshing').count()).toBe(0);
    expect(await page.getByRole('listbox').getByRole('option', { selected: true }).count()).toBe(0);
    await context.close();
  });

  it('with reduced motion asked for, a short swipe snaps back without sliding, and the message opens without sliding in', async () => {
    const user = await seededUser(['Alpha']);
    const { context, page } = await phone(user, 'Alpha');
    const settleDuration = () =>
      messageRow(page, 'Alpha').evaluate((row) => {
        row.classList.add('is-settling');
        const duration = getComputedStyle(row).transitionDuration;
        row.classList.remove('is-settling');
        return duration;
      });
    expect(await settleDuration()).toBe('0.18s');
    await page.emulateMedia({ reducedMotion: 'reduce' });
    expect(await settleDuration()).toBe('0s');
    await messageRow(page, 'Alpha').click();
    expect(await page.getByRole('region', { name: 'Reading pane' }).evaluate((pane) => getComputedStyle(pane).animationName)).toBe('none');
    await context.close();
  });

  it('swipes a conversation left to delete the whole thread', async () => {
    const user = await seededUser(['Alpha', 'Bravo']);
    const { context, page, finger } = await phone(user, 'Bravo');
    await page.getByRole('button', { name: 'Conversations', pressed: false }).click();
    const list = page.getByRole('listbox', { name: 'Conversations in Inbox' });
    const bravo = list.getByRole('option', { name: /Bravo/ });
    await finger.drag(await centreOf(bravo), -220, 0);
    const toast = page.locator('.toast', { hasText: '1 message moved to Trash' });
    await toast.waitFor();
    await bravo.waitFor({ state: 'detached' });
    await toast.getByRole('button', { name: 'Undo' }).click();
    await bravo.waitFor();
    await context.close();
  });

  for (const width of [390, 360]) {
    it(`at ${width} px the action bar keeps one line; "More" holds the rest (keyboard: Escape closes, focus returns)`, async () => {
      const user = await seededUser(['Alpha']);
      const { context, page } = await phone(user, 'Alpha', width);
      await messageRow(page, 'Alpha').click();
      await page.getByText('About Alpha.').waitFor();
      const boxes = await actionBarBoxes(page);
      expect(boxes.map((box) => box.name)).toEqual(['Folders', 'New', 'Reply', 'Delete', 'Move to…', 'More']);
      expect(new Set(boxes.map((box) => box.top)).size).toBe(1);
      expect(Math.max(...boxes.map((box) => box.right))).toBeLessThanOrEqual(width);

      const more = page.getByRole('button', { name: 'More', exact: true });
      await more.focus();
      await page.keyboard.press('Enter');
      const menu = page.getByRole('menu', { name: 'More' });
      await menu.waitFor();
      const items = await menu.getByRole('menuitem').allTextContents();
      for (const item of ['Get Mail', 'Reply All', 'Forward', 'Spam', 'Mark as read', 'Flag', 'Snooze until…']) expect(items).toContain(item);
      expect(items.some((item) => item.startsWith('Snooze tomorrow: '))).toBe(true);
      await page.keyboard.press('Escape');
      await menu.waitFor({ state: 'detached' });
      expect(await more.evaluate((element) => element === document.activeElement)).toBe(true);

      // Chosen from "More", a command runs like its button.
      await more.click();
      await menu.getByRole('menuitem', { name: 'Forward' }).click();
      await page.getByRole('dialog', { name: 'Forward' }).waitFor();
      await context.close();
    });
  }
});

describe('mail at 200 % zoom and at twice the text size (Chromium)', () => {
  const app = appInChromium();

  async function userWith(subject: string): Promise<TestUser> {
    const user = await createTestUser('zoom');
    const api = new ApiClient(app.bff.url);
    await api.signIn(user.email, user.password);
    await api.json('PUT', '/api/security/settings', { signInNotice: false });
    await deliver(user.email, { from: 'Ada Lovelace <ada@mt-example.com>', subject, text: 'Large print.' });
    return user;
  }

  async function openMessage(page: Page, user: TestUser, subject: string): Promise<void> {
    await page.goto(app.bff.url);
    await page.getByLabel('Email address').fill(user.email);
    await page.getByLabel('Password').fill(user.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await messageRow(page, subject).click();
    await page.getByText('Large print.').waitFor();
  }

  /** No sideways page scroll, and the main actions on screen with nothing over them. */
  async function expectUsable(page: Page, viewport: { width: number; height: number }): Promise<void> {
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBe(0);
    for (const name of ['Reply', 'Delete', 'Move to…', 'More']) {
      const button = page.getByRole('button', { name, exact: true });
      expect(await button.isVisible()).toBe(true);
      const centre = await centreOf(button);
      expect(centre.x).toBeLessThan(viewport.width);
      expect(centre.y).toBeLessThan(viewport.height);
      expect(await button.evaluate((element, { x, y }) => element.contains(document.elementFromPoint(x, y)), centre)).toBe(true);
    }
    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    await page.locator('.toast', { hasText: '1 message moved to Trash' }).waitFor();
  }

  it('the browser\'s text size at 200 % (a 32 px default font): the text doubles, rows grow to hold it, the layout follows', async () => {
    const user = await userWith('Large text');
    const viewport = { width: 1440, height: 900 };
    const context = await app.browser.newContext({ viewport });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    // What Chromium's "Font size" setting (and Android's system text size) change.
    await cdp.send('Page.setFontSizes', { fontSizes: { standard: 32 } });
    const row = messageRow(page, 'Large text');
    await openMessage(page, user, 'Large text');
    const sizes = await row.evaluate((element) => {
      const sender = element.querySelector('.col-sender')!;
      return { font: parseFloat(getComputedStyle(element).fontSize), rowHeight: element.getBoundingClientRect().height, textHeight: sender.getBoundingClientRect().height };
    });
    expect(sizes.font).toBeGreaterThanOrEqual(26);
    expect(sizes.rowHeight).toBeGreaterThan(2 * sizes.textHeight);
    // 1440 px of 32 px text is a tablet's worth: two panes, folders in the drawer.
    expect(await page.getByRole('button', { name: 'Folders', exact: true }).isVisible()).toBe(true);
    await expectUsable(page, viewport);
    await context.close();
  });

  it('a 1440×900 screen at 200 % zoom (720×450 CSS px, twice the pixels) scrolls no page sideways and keeps the main actions usable', async () => {
    const user = await userWith('Zoomed in');
    // Browser zoom at 200 % halves the CSS viewport and doubles the device pixels.
    const viewport = { width: 720, height: 450 };
    const context = await app.browser.newContext({ viewport, deviceScaleFactor: 2 });
    const page = await context.newPage();
    await openMessage(page, user, 'Zoomed in');
    // Icons only at this width: the bar keeps one line, leaving the height to the list.
    expect(new Set((await actionBarBoxes(page)).map((box) => box.top)).size).toBe(1);
    await expectUsable(page, viewport);
    await context.close();
  });
});
