import type { Page } from 'playwright-core';

/**
 * Checks a rendered page for what can be checked mechanically: every control
 * labelled, every link and button named, images with alt text, one h1, a
 * language, no positive tabindex, and WCAG AA contrast (4.5:1, 3:1 for large
 * text) for every visible piece of text against its real background.
 * Returns a description of each problem.
 */
export function accessibilityProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const describe = (element: Element) =>
      `${element.tagName.toLowerCase()}${element.id ? `#${element.id}` : ''}${element.className && typeof element.className === 'string' ? `.${element.className.split(' ')[0]}` : ''}`;
    const visible = (element: Element) => {
      const rect = element.getBoundingClientRect();
      const style = getComputedStyle(element);
      return rect.width > 1 && rect.height > 1 && style.visibility !== 'hidden' && style.display !== 'none';
    };

    for (const control of document.querySelectorAll<HTMLInputElement>('input, select, textarea')) {
      const named =
        (control.labels?.length ?? 0) > 0 ||
        control.getAttribute('aria-label') ||
        control.getAttribute('aria-labelledby');
      if (!named) problems.push(`${describe(control)} has no label`);
    }
    for (const element of document.querySelectorAll('a, button')) {
      if (visible(element) && !(element.textContent ?? '').trim() && !element.getAttribute('aria-label')) {
        problems.push(`${describe(element)} has no accessible name`);
      }
    }
    for (const image of document.querySelectorAll('img'))
      if (!image.hasAttribute('alt')) problems.push(`${describe(image)} has no alt`);
    for (const element of document.querySelectorAll('[tabindex]')) {
      if (Number(element.getAttribute('tabindex')) > 0) problems.push(`${describe(element)} has a positive tabindex`);
    }
    if (document.querySelectorAll('h1').length !== 1)
      problems.push(`${document.querySelectorAll('h1').length} h1 elements`);
    if (!document.documentElement.lang) problems.push('no lang on <html>');

    type Rgba = [number, number, number, number];
    const parse = (colour: string): Rgba => {
      const parts = (colour.match(/[\d.]+/g) ?? ['0', '0', '0', '0']).map(Number);
      return [parts[0], parts[1], parts[2], parts.length > 3 ? parts[3] : 1];
    };
    const over = (top: Rgba, bottom: Rgba): Rgba => {
      const alpha = top[3];
      return [0, 1, 2].map((i) => top[i] * alpha + bottom[i] * (1 - alpha)).concat(1) as Rgba;
    };
    const luminance = ([r, g, b]: Rgba) => {
      const channel = (value: number) => {
        const c = value / 255;
        return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
    };
    const background = (element: Element): Rgba => {
      const layers: Rgba[] = [];
      for (let node: Element | null = element; node; node = node.parentElement) {
        const layer = parse(getComputedStyle(node).backgroundColor);
        if (layer[3] > 0) layers.push(layer);
        if (layer[3] >= 1) break;
      }
      return layers.reverse().reduce((below, layer) => over(layer, below), [255, 255, 255, 1] as Rgba);
    };

    for (const element of document.querySelectorAll('body *')) {
      const ownText = [...element.childNodes].some(
        (node) => node.nodeType === Node.TEXT_NODE && (node.textContent ?? '').trim(),
      );
      if (!ownText || !visible(element) || element.closest('[hidden], .visually-hidden, option')) continue;
      const style = getComputedStyle(element);
      const bg = background(element);
      const fg = over(parse(style.color), bg);
      const [lighter, darker] = [luminance(fg), luminance(bg)].sort((a, b) => b - a);
      const ratio = (lighter + 0.05) / (darker + 0.05);
      const size = parseFloat(style.fontSize);
      const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
      if (ratio < (large ? 3 : 4.5)) {
        problems.push(
          `contrast ${ratio.toFixed(2)}:1 for "${(element.textContent ?? '').trim().slice(0, 40)}" (${describe(element)})`,
        );
      }
    }
    return problems;
  });
}
