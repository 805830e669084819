'use server';
// MISTAKE: a Server Action used to read data. It works, but every call is a POST.
import { readProducts, type Product } from './data';

export async function getProducts(): Promise<Product[]> {
  return readProducts();
}
