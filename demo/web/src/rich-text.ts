/** A piece of a dictionary text: plain, or marked as inline code or emphasis. */
export interface RichPart {
  mark?: 'code' | 'strong';
  text: string;
}

/** Splits a dictionary text at its marks: `code` is inline code, **strong** is emphasis. */
export function richParts(text: string): RichPart[] {
  // The capture group keeps the marked parts in the split result, at odd indexes.
  return text.split(/(`[^`]+`|\*\*[^*]+\*\*)/).map((part, index) => {
    if (index % 2 === 0) return { text: part };
    return part.startsWith('`')
      ? { mark: 'code', text: part.slice(1, -1) }
      : { mark: 'strong', text: part.slice(2, -2) };
  });
}

/** A dictionary text as DOM nodes, for plain DOM and Lit templates. */
export function richText(text: string): Node[] {
  return richParts(text).map(({ mark, text: part }) => {
    if (!mark) return document.createTextNode(part);
    const element = document.createElement(mark);
    element.textContent = part;
    return element;
  });
}
