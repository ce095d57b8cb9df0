import { oneLine } from '../../src/log.js'

describe('oneLine', () => {
  it.each([
    ['a\n::error::x', 'a \u23ce ::error::x'],
    ['a\r\n::warning::x', 'a \u23ce ::warning::x'],
    ['a\r::group::x', 'a \u23ce ::group::x'],
    ['a\u2028b\u2029c\u0085d', 'a \u23ce b \u23ce c \u23ce d']
  ])('keeps %p on one line', (text, expected) => {
    expect(oneLine(text)).toBe(expected)
  })

  it('leaves a line without breaks as it is', () => {
    expect(oneLine('Fetched 3 page(s): 12 items')).toBe('Fetched 3 page(s): 12 items')
  })
})
