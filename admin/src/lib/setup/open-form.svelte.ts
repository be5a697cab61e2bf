/**
 * Which item a list page has open in its form beside the list. Opening another item re-creates the form (the page
 * wraps it in {#key form.key}); saving does not, so a new item's form stays as typed and becomes its edit form.
 */
export class OpenForm {
  /** The item's id, '' for a new one not saved yet, null while the form is closed. */
  id = $state<string | null>(null);
  key = $state(0);

  open(id: string): void {
    this.id = id;
    this.key++;
  }

  saved(id: string): void {
    this.id = id;
  }

  close(): void {
    this.id = null;
  }
}
