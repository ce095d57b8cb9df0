import { sortedList, sortedUnique } from '../../../src/report/compare.js'

describe('sortedUnique and sortedList', () => {
  it('sort in code-unit order without changing the input', () => {
    const input = ['b', 'a', 'B', 'a']
    expect(sortedUnique(input)).toEqual(['B', 'a', 'b'])
    expect(sortedList(input)).toEqual(['B', 'a', 'a', 'b'])
    expect(input).toEqual(['b', 'a', 'B', 'a'])
  })

  it('return a list that is already in order as it is, and copy one with duplicates', () => {
    const sorted = ['Admins', 'Developers', 'ops']
    expect(sortedUnique(sorted)).toBe(sorted)
    expect(sortedList(sorted)).toBe(sorted)
    const twice = ['a', 'a', 'b']
    expect(sortedUnique(twice)).toEqual(['a', 'b'])
    expect(sortedList(twice)).toBe(twice)
    const empty: string[] = []
    expect(sortedUnique(empty)).toBe(empty)
  })
})
