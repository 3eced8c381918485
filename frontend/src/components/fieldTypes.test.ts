import { FIELD_TYPE_LABELS as SERVER_LABELS } from '../../../src/profiles/fieldTypes';
import { FIELD_TYPE_LABELS, fieldTypeLabel, isFieldType } from './fieldTypes';

describe('field type labels', () => {
  it("are the server's, type for type", () => {
    expect(FIELD_TYPE_LABELS).toEqual(SERVER_LABELS);
  });

  it('name a type this build does not know as it is', () => {
    expect([fieldTypeLabel('user'), fieldTypeLabel('multiselect'), fieldTypeLabel('future')]).toEqual(['User', 'Multi select', 'future']);
    expect([isFieldType('url'), isFieldType('toString'), isFieldType('future')]).toEqual([true, false, false]);
  });
});
